package io.gatehouse.config;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gatehouse.enrollment.*}.
 *
 * @param verifyEmail before a first enrollment, the user types a one-time code sent to their email address, so that
 *     a stolen password alone cannot bind an attacker's authenticator (needs an address for every user)
 */
public record EnrollmentProperties(@DefaultValue("false") boolean verifyEmail) {

    public static EnrollmentProperties defaults() {
        return new EnrollmentProperties(false);
    }
}
