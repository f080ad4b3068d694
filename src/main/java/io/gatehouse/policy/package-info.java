/** Policy: ordered rules compiled once, the first matching rule decides, the result is an exchange attribute. */
package io.gatehouse.policy;
