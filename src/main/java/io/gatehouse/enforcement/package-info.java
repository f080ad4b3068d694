/**
 * The access decision and the filters that carry it out: before the upstream (enforcement, forward-auth, WebSockets)
 * and on its answers (sign-ins judged by their outcome).
 */
package io.gatehouse.enforcement;
