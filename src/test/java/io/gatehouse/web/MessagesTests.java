package io.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** Every key the templates and page code use exists in every bundle, and every pattern is well-formed. */
class MessagesTests {

    // msg.get("key" in templates, Text.of("key" anywhere, flash("key" and FLASH_... = "key" in the page packages.
    private static final Pattern USED_KEY = Pattern.compile(
            "(?:msg\\.get|msg\\(\\)\\.get|Text\\.of|\\.flash|FLASH_[A-Z_]+ =)\\s*\\(?\\s*\"([a-zA-Z0-9.]+)\"");
    private static final Pattern TEXT_KEY = Pattern.compile("Text\\.of\\(\\s*\"([a-zA-Z0-9.]+)\"");
    private static final Path MESSAGES = Path.of("src/main/resources/messages");

    @Test
    void everyKeyUsedByTemplatesAndPagesExistsInEveryBundle() throws IOException {
        Set<String> used = usedKeys();
        assertThat(used)
                .contains(
                        "challenge.title",
                        "enroll.submit",
                        "lockout.retry",
                        "enrollment.enabled",
                        "recovery.used",
                        "csrf.title",
                        "error.notFound.title",
                        "identity.title");
        for (Path bundle : bundles()) {
            Properties messages = load(bundle);
            assertThat(used)
                    .as("keys missing from " + bundle.getFileName())
                    .allSatisfy(key -> assertThat(messages).containsKey(key));
        }
    }

    @Test
    void everyPatternIsAValidMessageFormat() throws IOException {
        for (Path bundle : bundles()) {
            Properties messages = load(bundle);
            for (String key : messages.stringPropertyNames()) {
                assertThat(new MessageFormat(messages.getProperty(key))).as(key).isNotNull();
            }
        }
    }

    @Test
    void everyTranslationHasTheSameKeysAsEnglish() throws IOException {
        Set<String> english = load(MESSAGES.resolve("gatehouse.properties")).stringPropertyNames();
        for (Path bundle : bundles()) {
            assertThat(load(bundle).stringPropertyNames())
                    .as(bundle.getFileName().toString())
                    .containsExactlyInAnyOrderElementsOf(english);
        }
    }

    @Test
    void getWhenArgumentsThenFormattedAndApostrophesKept() {
        Messages msg = new MessageBundles().english();

        assertThat(msg.get("deny.title")).isEqualTo("You don't have access to this page");
        assertThat(msg.get("lockout.retry", 5L, "10:04"))
                .isEqualTo("You can try again in about 5 minutes, at 10:04 UTC.");
        assertThat(msg.get("lockout.retry", 1L, "10:04")).startsWith("You can try again in about 1 minute,");
        assertThat(msg.get("no.such.key")).isEqualTo("??no.such.key??");
        assertThat(msg.lang()).isEqualTo("en");
    }

    @Test
    void everyEnglishKeyHasAWelshTranslation() throws IOException {
        Properties english = load(MESSAGES.resolve("gatehouse.properties"));
        Properties welsh = load(MESSAGES.resolve("gatehouse_cy.properties"));

        assertThat(welsh.stringPropertyNames()).containsAll(english.stringPropertyNames());
        // Translated, not copied: only names and codes may read the same in both languages.
        assertThat(english.stringPropertyNames())
                .filteredOn(key -> english.getProperty(key).equals(welsh.getProperty(key)))
                .allMatch(key -> key.equals("common.errorTitle"));
    }

    @Test
    void forAcceptLanguageWhenWelshPreferredThenWelsh() {
        MessageBundles bundles = new MessageBundles();

        Messages welsh = bundles.forAcceptLanguage("cy-GB, en;q=0.8");

        assertThat(welsh.lang()).isEqualTo("cy");
        assertThat(welsh.get("challenge.title")).isEqualTo("Rhowch eich cod pas");
        assertThat(welsh.get("lockout.retry", 5L, "10:04"))
                .isEqualTo("Gallwch roi cynnig arall arni ymhen tua 5 munud, am 10:04 UTC.");
        assertThat(bundles.forAcceptLanguage("fr, cy;q=0.5").lang()).isEqualTo("cy");
        assertThat(bundles.forAcceptLanguage("en, cy;q=0.5").lang()).isEqualTo("en");
    }

    @Test
    void forRequestWhenLanguageConfiguredThenBrowsersPreferenceIgnored() {
        MessageBundles bundles = new MessageBundles("cy");
        MockServerHttpRequest english = MockServerHttpRequest.get("/")
                .header("Accept-Language", "en-GB")
                .build();

        assertThat(bundles.forRequest(english).lang()).isEqualTo("cy");
        assertThat(new MessageBundles("en")
                        .forRequest(MockServerHttpRequest.get("/")
                                .header("Accept-Language", "cy")
                                .build())
                        .lang())
                .isEqualTo("en");
    }

    @Test
    void forAcceptLanguageWhenLanguageNotOfferedThenEnglish() {
        MessageBundles bundles = new MessageBundles();

        assertThat(bundles.forAcceptLanguage("de, fr;q=0.8").lang()).isEqualTo("en");
        assertThat(bundles.forAcceptLanguage("en-GB,en;q=0.9").lang()).isEqualTo("en");
        assertThat(bundles.forAcceptLanguage("!!not a header!!").lang()).isEqualTo("en");
        assertThat(bundles.forAcceptLanguage(null).lang()).isEqualTo("en");
    }

    private static Set<String> usedKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        List<Path> sources = new ArrayList<>();
        for (Path root : List.of(
                Path.of("src/main/jte"),
                Path.of("src/main/java/io/gatehouse/web"),
                Path.of("src/main/java/io/gatehouse/enrollment"),
                Path.of("src/main/java/io/gatehouse/challenge"))) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".jte") || f.toString().endsWith(".java"))
                        .forEach(sources::add);
            }
        }
        for (Path source : sources) {
            Matcher m = USED_KEY.matcher(Files.readString(source));
            while (m.find()) {
                keys.add(m.group(1));
            }
        }
        // Filters and services outside the page packages render pages too; there only Text.of names message keys.
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/gatehouse"))) {
            for (Path source : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = TEXT_KEY.matcher(Files.readString(source));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
        return keys;
    }

    private static List<Path> bundles() throws IOException {
        try (Stream<Path> files = Files.list(MESSAGES)) {
            return files.filter(f -> f.getFileName().toString().matches("gatehouse(_[a-z]{2,3})?\\.properties"))
                    .toList();
        }
    }

    private static Properties load(Path bundle) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(bundle)) {
            properties.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return properties;
    }
}
