package io.gatehouse.web;

import io.gatehouse.config.UiProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The pages' stylesheet, script and generated theme, held in memory and served under
 * {@code /_gatehouse/assets/}. Fixed files carry a content hash in their URL so they can be cached for a year;
 * the theme follows the configuration and is revalidated.
 */
public final class GatehouseAssets {
    private static final String THEME = "theme.css";
    private static final MediaType CSS = MediaType.parseMediaType("text/css;charset=UTF-8");
    private static final MediaType JS = MediaType.parseMediaType("text/javascript;charset=UTF-8");

    private final Map<String, Asset> assets;
    private final String stylesheetHref;
    private final String scriptHref;
    private final String themeHref;
    private final String injectHref;

    public GatehouseAssets(UiProperties ui) {
        Asset css = new Asset(load("gatehouse.css"), CSS, true);
        Asset js = new Asset(load("gatehouse.js"), JS, true);
        Asset theme = new Asset(ThemeCss.of(ui).getBytes(StandardCharsets.UTF_8), CSS, false);
        Asset inject = new Asset(load("inject.css"), CSS, true);
        this.assets = Map.of("gatehouse.css", css, "gatehouse.js", js, THEME, theme, "inject.css", inject);
        this.injectHref = GatehousePaths.ASSETS + "inject.css?v=" + hash(inject.body());
        this.stylesheetHref = GatehousePaths.ASSETS + "gatehouse.css?v=" + hash(css.body());
        this.scriptHref = GatehousePaths.ASSETS + "gatehouse.js?v=" + hash(js.body());
        this.themeHref = GatehousePaths.ASSETS + THEME + "?v=" + hash(theme.body());
    }

    public String stylesheetHref() {
        return stylesheetHref;
    }

    public String scriptHref() {
        return scriptHref;
    }

    public String themeHref() {
        return themeHref;
    }

    /** The stylesheet of what Gatehouse adds to upstream pages (banners, links). */
    public String injectHref() {
        return injectHref;
    }

    /** {@code GET /_gatehouse/assets/{name}}. */
    Mono<ServerResponse> serve(ServerRequest request) {
        Asset asset = assets.get(request.pathVariable("name"));
        if (asset == null) {
            return ServerResponse.status(HttpStatus.NOT_FOUND)
                    .headers(PageRenderer::securityHeaders)
                    .build();
        }
        CacheControl cache = asset.immutable()
                ? CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable()
                : CacheControl.noCache();
        return ServerResponse.ok()
                .contentType(asset.type())
                .cacheControl(cache)
                .header("X-Content-Type-Options", "nosniff")
                .bodyValue(asset.body());
    }

    private static byte[] load(String name) {
        try (InputStream in = GatehouseAssets.class.getResourceAsStream("assets/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing page asset " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Asset(byte[] body, MediaType type, boolean immutable) {}
}
