package io.gatehouse.web;

import java.net.HttpCookie;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/** A browser for integration tests: keeps its cookies between requests, asks for HTML, does not follow redirects. */
public final class TestBrowser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final WebTestClient client;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public TestBrowser(int port) {
        this.client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    public EntityExchangeResult<String> get(String path) {
        return get(path, headers -> { });
    }

    public EntityExchangeResult<String> get(String path, Consumer<HttpHeaders> headers) {
        EntityExchangeResult<String> result = client.get().uri(path)
                .headers(h -> prepare(h, headers))
                .exchange().expectBody(String.class).returnResult();
        remember(result);
        return result;
    }

    public EntityExchangeResult<String> post(String path, Map<String, String> form) {
        return post(path, form, headers -> { });
    }

    public EntityExchangeResult<String> post(String path, Map<String, String> form, Consumer<HttpHeaders> headers) {
        MultiValueMap<String, String> body = new LinkedMultiValueMap<>();
        form.forEach(body::add);
        EntityExchangeResult<String> result = client.post().uri(path)
                .headers(h -> prepare(h, headers))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(body))
                .exchange().expectBody(String.class).returnResult();
        remember(result);
        return result;
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    /** The CSRF token in a page's form. */
    public static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF field in page:\n" + html);
        }
        return m.group(1);
    }

    private void prepare(HttpHeaders h, Consumer<HttpHeaders> headers) {
        h.setAccept(List.of(MediaType.TEXT_HTML));
        if (!cookies.isEmpty()) {
            StringBuilder cookie = new StringBuilder();
            cookies.forEach((name, value) -> cookie.append(cookie.isEmpty() ? "" : "; ").append(name).append('=').append(value));
            h.set(HttpHeaders.COOKIE, cookie.toString());
        }
        headers.accept(h);
    }

    private void remember(EntityExchangeResult<String> result) {
        List<String> setCookies = result.getResponseHeaders().get(HttpHeaders.SET_COOKIE);
        if (setCookies == null) {
            return;
        }
        for (String header : setCookies) {
            for (HttpCookie cookie : HttpCookie.parse(header)) {
                if (cookie.getMaxAge() == 0) {
                    cookies.remove(cookie.getName());
                } else {
                    cookies.put(cookie.getName(), cookie.getValue());
                }
            }
        }
    }
}
