package io.gatehouse.web;

/** A Gatehouse form failed the CSRF token or the same-origin check; the answer is a 403 page and no change. */
public final class CsrfRejectedException extends RuntimeException {

    public CsrfRejectedException(String reason) {
        super(reason, null, false, false);
    }
}
