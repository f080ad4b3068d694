/** The enrollment pages: set up a TOTP authenticator from a QR code or key, then see the recovery codes once. */
package io.gatehouse.enrollment;
