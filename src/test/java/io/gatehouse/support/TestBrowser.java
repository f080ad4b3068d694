package io.gatehouse.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * A minimal browser for integration tests: it keeps cookies as a browser would (set, replaced, expired),
 * sends them back, does not follow redirects, and remembers every {@code Set-Cookie} it ever received so a
 * test can prove a cookie never reached it.
 */
public final class TestBrowser {

    private final String origin;
    private final WebTestClient client;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final List<String> everySetCookie = new ArrayList<>();

    public TestBrowser(int port) {
        this.origin = "http://localhost:" + port;
        this.client = WebTestClient.bindToServer()
                .baseUrl(origin)
                .responseTimeout(java.time.Duration.ofSeconds(30))
                .build();
    }

    /** The origin of the pages this browser requests, as it would send it in an {@code Origin} header. */
    public String origin() {
        return origin;
    }

    public Page get(String path) {
        return request(HttpMethod.GET, path, MediaType.TEXT_HTML, null, null, headers -> {});
    }

    public Page getJson(String path) {
        return request(HttpMethod.GET, path, MediaType.APPLICATION_JSON, null, null, headers -> {});
    }

    public Page get(String path, Consumer<HttpHeaders> headers) {
        return request(HttpMethod.GET, path, MediaType.TEXT_HTML, null, null, headers);
    }

    /** Submits a form as a browser does: url-encoded, asking for HTML, with a same-origin {@code Origin}. */
    public Page postForm(String path, String... namesAndValues) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return request(
                HttpMethod.POST, path, MediaType.TEXT_HTML, MediaType.APPLICATION_FORM_URLENCODED, form, headers -> {});
    }

    /** Submits a form given as a map, with extra request headers (the page tests sign in through a header). */
    public Page postForm(String path, Map<String, String> fields, Consumer<HttpHeaders> headers) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        fields.forEach(form::add);
        return request(
                HttpMethod.POST, path, MediaType.TEXT_HTML, MediaType.APPLICATION_FORM_URLENCODED, form, headers);
    }

    public Page postForm(String path, Map<String, String> fields) {
        return postForm(path, fields, headers -> {});
    }

    public Page postJson(String path, String json) {
        return request(
                HttpMethod.POST, path, MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON, json, headers -> {});
    }

    public Page request(
            HttpMethod method,
            String path,
            MediaType accept,
            MediaType contentType,
            Object body,
            Consumer<HttpHeaders> extraHeaders) {
        WebTestClient.RequestBodySpec spec = client.method(method)
                .uri(path)
                .accept(accept)
                .headers(headers -> {
                    if (!cookies.isEmpty()) {
                        StringBuilder header = new StringBuilder();
                        cookies.forEach((name, value) -> header.append(header.isEmpty() ? "" : "; ")
                                .append(name)
                                .append('=')
                                .append(value));
                        headers.set(HttpHeaders.COOKIE, header.toString());
                    }
                    extraHeaders.accept(headers);
                });
        WebTestClient.RequestHeadersSpec<?> ready = spec;
        if (contentType != null) {
            spec.contentType(contentType);
            if (body instanceof MultiValueMap<?, ?> form) {
                @SuppressWarnings("unchecked")
                MultiValueMap<String, String> values = (MultiValueMap<String, String>) form;
                ready = spec.body(BodyInserters.fromFormData(values));
            } else if (body != null) {
                ready = spec.bodyValue(body);
            }
        }
        EntityExchangeResult<byte[]> result = ready.exchange().expectBody().returnResult();
        for (String setCookie : result.getResponseHeaders().getOrEmpty(HttpHeaders.SET_COOKIE)) {
            everySetCookie.add(setCookie);
            ResponseCookie cookie = parse(setCookie);
            if (cookie.getValue().isEmpty()
                    || !cookie.getMaxAge().isNegative() && cookie.getMaxAge().isZero()) {
                cookies.remove(cookie.getName());
            } else {
                cookies.put(cookie.getName(), cookie.getValue());
            }
        }
        return new Page(result);
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    public void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    public void removeCookie(String name) {
        cookies.remove(name);
    }

    public List<String> everySetCookie() {
        return everySetCookie;
    }

    private static ResponseCookie parse(String header) {
        String[] parts = header.split(";");
        int equals = parts[0].indexOf('=');
        ResponseCookie.ResponseCookieBuilder builder = ResponseCookie.from(
                parts[0].substring(0, equals).trim(),
                parts[0].substring(equals + 1).trim());
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim();
            if (attribute.toLowerCase().startsWith("max-age=")) {
                builder.maxAge(Long.parseLong(attribute.substring(8).trim()));
            }
        }
        return builder.build();
    }

    /** One response. */
    public record Page(EntityExchangeResult<byte[]> result) {

        public int status() {
            return result.getStatus().value();
        }

        public String location() {
            return result.getResponseHeaders().getFirst(HttpHeaders.LOCATION);
        }

        public String body() {
            byte[] body = result.getResponseBody();
            return body == null ? "" : new String(body, StandardCharsets.UTF_8);
        }

        public HttpHeaders headers() {
            return result.getResponseHeaders();
        }

        public List<String> setCookies() {
            return result.getResponseHeaders().getOrEmpty(HttpHeaders.SET_COOKIE);
        }
    }
}
