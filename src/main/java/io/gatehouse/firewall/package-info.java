/**
 * Firewall: every request has one canonical target, or it is refused with 400, and names a served host, or it is
 * refused with 421, before anything else sees it.
 */
package io.gatehouse.firewall;
