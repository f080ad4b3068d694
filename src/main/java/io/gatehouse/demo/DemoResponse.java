package io.gatehouse.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An immutable response of the demo site, written by {@link LegacyDemoSite} in one place. */
record DemoResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json";

    static DemoResponse html(int status, String page) {
        return of(status, HTML, page.getBytes(StandardCharsets.UTF_8)).header("Cache-Control", "no-store");
    }

    static DemoResponse json(int status, String json) {
        return of(status, JSON, json.getBytes(StandardCharsets.UTF_8)).header("Cache-Control", "no-store");
    }

    static DemoResponse redirect(int status, String location) {
        return new DemoResponse(status, List.of(), new byte[0]).header("Location", location);
    }

    static DemoResponse of(int status, String contentType, byte[] body) {
        return new DemoResponse(status, List.of(), body).header("Content-Type", contentType);
    }

    DemoResponse header(String name, String value) {
        List<Map.Entry<String, String>> copy = new ArrayList<>(headers);
        copy.add(Map.entry(name, value));
        return new DemoResponse(status, List.copyOf(copy), body);
    }
}
