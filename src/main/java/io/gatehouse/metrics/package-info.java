/** Gatehouse's own Micrometer meters (challenges, enrollments, deactivations, lockouts, policy decisions). */
package io.gatehouse.metrics;
