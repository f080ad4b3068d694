/** Firewall: every request has one canonical target, or it is refused with 400 before anything else sees it. */
package io.gatehouse.firewall;
