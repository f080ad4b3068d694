/** Pure TOTP: secrets, code verification returning the matched time step, otpauth URIs, QR codes and recovery codes. */
package io.gatehouse.totp;
