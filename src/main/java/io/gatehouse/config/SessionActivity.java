package io.gatehouse.config;

/**
 * {@code gatehouse.session.activity}: which requests to protected routes count as the user being active, and so
 * keep a verified session from reaching its idle timeout. YAML spells these {@code navigations} and {@code all}.
 */
public enum SessionActivity {

    /**
     * Only page loads and form submissions (a browser navigating, {@code Sec-Fetch-Mode: navigate}, or a request
     * that asks for HTML where the browser sends no fetch metadata): a page that polls the site from a script keeps
     * nothing alive, so a forgotten open tab still reaches the idle timeout.
     */
    NAVIGATIONS,

    /**
     * Every request to a protected route, scripts' included: for single-page applications whose users work without
     * ever loading a page. A page that polls a protected route keeps its session alive until {@code max-age}.
     */
    ALL
}
