package io.gatehouse.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;

class HtmlInjectionTests {

    private final DataBufferFactory factory = DefaultDataBufferFactory.sharedInstance;

    @Test
    void applyWhenBannerAndLinkThenBothInPageOrderEvenAcrossChunks() {
        HtmlInjection injection = new HtmlInjection(
                List.of(new HtmlInjection.Insertion("<nav>", "[link]"), new HtmlInjection.Insertion(null, "[banner]")));

        String out = run(injection, "<html><bo", "dy class=x><p>a</p><na", "v>b</nav>", "</body></html>");

        assertThat(out).isEqualTo("<html><body class=x>[banner]<p>a</p><nav>[link]b</nav></body></html>");
    }

    @Test
    void applyWhenMarkerTwiceThenFragmentOnce() {
        String out = run(new HtmlInjection("<nav>", "[link]"), "<body><nav>a</nav><nav>b</nav></body>");

        assertThat(out).isEqualTo("<body><nav>[link]a</nav><nav>b</nav></body>");
    }

    @Test
    void applyWhenOneMarkerMissingThenOthersStillInsertedAndPageComplete() {
        HtmlInjection injection = new HtmlInjection(List.of(
                new HtmlInjection.Insertion("<nav class=\"account\">", "[link]"),
                new HtmlInjection.Insertion(null, "[banner]")));

        assertThat(run(injection, "<body>", "text</body>")).isEqualTo("<body>[banner]text</body>");
        assertThat(run(new HtmlInjection("<nav>", "[link]"), "plain ", "text")).isEqualTo("plain text");
    }

    private String run(HtmlInjection injection, String... chunks) {
        Flux<DataBuffer> body =
                Flux.fromArray(chunks).map(chunk -> factory.wrap(chunk.getBytes(StandardCharsets.UTF_8)));
        DataBuffer joined = DataBufferUtils.join(injection.apply(body, factory)).block();
        byte[] bytes = new byte[joined.readableByteCount()];
        joined.read(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
