/** Configuration: immutable property records and one startup report of every problem; each feature wires its own beans. */
package io.gatehouse.config;
