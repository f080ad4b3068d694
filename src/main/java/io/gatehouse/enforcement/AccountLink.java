package io.gatehouse.enforcement;

import io.gatehouse.config.UiProperties;
import io.gatehouse.web.GatehousePaths;
import io.gatehouse.web.MessageBundles;
import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The "Two-factor authentication" link to Gatehouse's account page that {@code gatehouse.ui.inject} adds to chosen
 * upstream pages. It is a plain anchor with no styles of its own, so that it looks like the site's own links around
 * it (the class {@code gatehouse-link} lets a site's stylesheet single it out).
 */
final class AccountLink {
    static final String TEXT_KEY = "inject.accountLink";

    private final List<PathPattern> paths;
    private final String marker;
    private final MessageBundles messages;

    AccountLink(UiProperties.Inject settings, MessageBundles messages) {
        PathPatternParser parser = new PathPatternParser();
        this.paths = settings.paths().stream().map(parser::parse).toList();
        this.marker = settings.after();
        this.messages = messages;
    }

    /** Whether the page at this canonical path is one of the configured ones. */
    boolean appliesTo(String path) {
        if (paths.isEmpty()) {
            return false;
        }
        PathContainer container = PathContainer.parsePath(path);
        return paths.stream().anyMatch(pattern -> pattern.matches(container));
    }

    /** The link in the request's language, and where it goes in the page. */
    HtmlInjection.Insertion insertion(ServerHttpRequest request) {
        String text = HtmlUtils.htmlEscape(messages.forRequest(request).get(TEXT_KEY));
        return new HtmlInjection.Insertion(
                marker, "<a class=\"gatehouse-link\" href=\"" + GatehousePaths.ACCOUNT + "\">" + text + "</a>");
    }
}
