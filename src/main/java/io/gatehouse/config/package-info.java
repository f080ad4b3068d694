/** Configuration: immutable property records, one startup report of every problem, and the wiring. */
package io.gatehouse.config;
