package io.gatehouse.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation holds together: every relative link in README.md, docs/, bench/ and deploy/ leads to a file, and
 * every {@code #anchor} to a heading of the Markdown file it names; the README stays a short front door.
 */
class DocumentationLinksTests {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    /** The README's budget: a front door that points into docs/, not a manual. */
    private static final long README_MAX_BYTES = 12 * 1024;

    @Test
    void linksWhenRelativeThenTargetFileAndHeadingExist() throws IOException {
        List<Path> files = markdownFiles(ROOT);

        assertThat(files).contains(ROOT.resolve("README.md"), ROOT.resolve("docs/security-model.md"));
        assertThat(MarkdownLinks.problems(ROOT, files)).as("broken links").isEmpty();
    }

    @Test
    void readmeWhenMeasuredThenAtMost12KB() throws IOException {
        assertThat(Files.size(ROOT.resolve("README.md"))).isLessThanOrEqualTo(README_MAX_BYTES);
    }

    @Test
    void problemsWhenFileOrAnchorMissingThenEachNamedWithFileLineAndLink(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/guide.md"), "# Guide\n\n## Session lifetime (`gatehouse.session.*`)\n");
        Files.writeString(dir.resolve("README.md"), """
                # Readme
                See [the guide](docs/guide.md#session-lifetime-gatehousesession), [it again](docs/guide.md),
                [a missing file](docs/nowhere.md), [a missing heading](docs/guide.md#policy),
                [this page](#readme), [a missing heading here](#nothing), ![a picture](docs/missing.png),
                [outside](https://example.org/nowhere.md), [mail](mailto:someone@example.org), `[code](nowhere.md)`.

                ```
                [in a code block](nowhere.md)
                ```
                """);

        assertThat(MarkdownLinks.problems(dir, markdownFiles(dir)))
                .containsExactlyInAnyOrder(
                        "README.md:3: link 'docs/nowhere.md': no file docs/nowhere.md",
                        "README.md:3: link 'docs/guide.md#policy': no heading with anchor '#policy' in docs/guide.md",
                        "README.md:4: link '#nothing': no heading with anchor '#nothing' in README.md",
                        "README.md:4: link 'docs/missing.png': no file docs/missing.png");
    }

    @Test
    void anchorsWhenHeadingsHavePunctuationCodeOrRepeatThenAsGithubRendersThem() {
        assertThat(MarkdownLinks.anchors("""
                # Gatehouse's pages
                ## Your account (`/_gatehouse/account`)
                ## Forward-auth mode (nginx, Traefik, Caddy)
                ### Example
                ### Example
                ### Example
                Setext heading
                --------------
                ```
                # not a heading
                ```
                """))
                .containsExactly(
                        "gatehouses-pages",
                        "your-account-_gatehouseaccount",
                        "forward-auth-mode-nginx-traefik-caddy",
                        "example",
                        "example-1",
                        "example-2",
                        "setext-heading");
    }

    /** README.md and every Markdown file under docs/, bench/ and deploy/. */
    private static List<Path> markdownFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.exists(root.resolve("README.md"))) {
            files.add(root.resolve("README.md"));
        }
        for (String folder : List.of("docs", "bench", "deploy")) {
            Path dir = root.resolve(folder);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
                }
            }
        }
        return files;
    }
}
