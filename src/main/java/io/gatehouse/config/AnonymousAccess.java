package io.gatehouse.config;

/**
 * What a protected rule does with a browser that has no released Gatehouse session ({@code anonymous:} on a rule).
 */
public enum AnonymousAccess {

    /** The default: the request never reaches the upstream; browsers go to the site's login page. */
    REFUSE,

    /**
     * Forwarded, for sites whose public and private pages share one path (front controllers). The upstream's own
     * checks then guard the page; every answer is still judged, so a sign-in it makes is held for the second factor.
     */
    FORWARD
}
