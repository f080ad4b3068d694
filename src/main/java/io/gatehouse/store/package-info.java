/** Redis persistence for two-factor state: encrypted secrets, used steps, attempts and lockouts, recovery codes, key names. */
package io.gatehouse.store;
