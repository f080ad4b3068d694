package io.gatehouse.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The relative links of Markdown files, checked against the files and the heading anchors GitHub renders. */
final class MarkdownLinks {

    /** {@code [text](target)} and {@code ![alt](target)}, with an optional title; text may hold one level of [..]. */
    private static final Pattern INLINE =
            Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\[\\]]*])*]\\(\\s*(<[^>]*>|[^)\\s]+)(?:\\s+\"[^\"]*\")?\\s*\\)");

    /** {@code [label]: target} on a line of its own. */
    private static final Pattern REFERENCE = Pattern.compile("^ {0,3}\\[[^\\]]+]:\\s*(\\S+)", Pattern.MULTILINE);

    private static final Pattern ATX_HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)(?:\\s+#+)?\\s*$");

    private static final Pattern SETEXT_UNDERLINE = Pattern.compile("^ {0,3}(=+|-+)\\s*$");

    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");

    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");

    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private MarkdownLinks() {}

    /** One link as written: the line it is on and its target. */
    record Link(int line, String target) {}

    /**
     * Every relative link in {@code files} (paths under {@code root}) whose file does not exist, or whose
     * {@code #anchor} names no heading of the Markdown file it points to, as "file:line: link 'target' ...".
     */
    static List<String> problems(Path root, List<Path> files) {
        List<String> problems = new ArrayList<>();
        Map<Path, Set<String>> anchorsByFile = new HashMap<>();
        for (Path file : files) {
            String name = root.relativize(file).toString().replace('\\', '/');
            for (Link link : links(read(file))) {
                String target = link.target();
                if (SCHEME.matcher(target).find()) {
                    continue; // http(s), mailto and the like are not fetched
                }
                int hash = target.indexOf('#');
                String path = decode(hash < 0 ? target : target.substring(0, hash));
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = path.isEmpty()
                        ? file
                        : (path.startsWith("/")
                                        ? root.resolve(path.substring(1))
                                        : file.getParent().resolve(path))
                                .normalize();
                String where = name + ":" + link.line() + ": link '" + target + "'";
                if (!resolved.startsWith(root)) {
                    problems.add(where + " leaves the repository");
                } else if (!Files.exists(resolved)) {
                    problems.add(where + ": no file "
                            + root.relativize(resolved).toString().replace('\\', '/'));
                } else if (anchor != null && resolved.toString().endsWith(".md")) {
                    Set<String> anchors = anchorsByFile.computeIfAbsent(resolved, f -> anchors(read(f)));
                    if (!anchors.contains(decode(anchor))) {
                        problems.add(where + ": no heading with anchor '#" + anchor + "' in "
                                + root.relativize(resolved).toString().replace('\\', '/'));
                    }
                }
            }
        }
        return problems;
    }

    /** The link targets of {@code markdown}, outside fenced code blocks and code spans; link text may wrap lines. */
    static List<Link> links(String markdown) {
        String[] lines = markdown.split("\n", -1);
        boolean inFence = false;
        for (int i = 0; i < lines.length; i++) {
            boolean fence = FENCE.matcher(lines[i]).find();
            if (fence) {
                inFence = !inFence;
            }
            lines[i] = fence || inFence ? "" : CODE_SPAN.matcher(lines[i]).replaceAll("");
        }
        String text = String.join("\n", lines);
        List<Link> links = new ArrayList<>();
        Matcher reference = REFERENCE.matcher(text);
        while (reference.find()) {
            links.add(new Link(lineOf(text, reference.start()), unwrap(reference.group(1))));
        }
        Matcher inline = INLINE.matcher(text);
        while (inline.find()) {
            links.add(new Link(lineOf(text, inline.start()), unwrap(inline.group(1))));
        }
        return links;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The anchors GitHub gives the headings of {@code markdown} (and any {@code <a name>} or {@code <a id>}). */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inFence = false;
        String previous = "";
        for (String line : markdown.split("\n", -1)) {
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
                previous = "";
                continue;
            }
            if (inFence) {
                continue;
            }
            Matcher html = HTML_ANCHOR.matcher(line);
            while (html.find()) {
                anchors.add(html.group(1));
            }
            String heading = null;
            Matcher atx = ATX_HEADING.matcher(line);
            if (atx.matches()) {
                heading = atx.group(1);
            } else if (SETEXT_UNDERLINE.matcher(line).matches() && isParagraphText(previous)) {
                heading = previous.trim();
            }
            if (heading != null) {
                String slug = slug(heading);
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
            previous = line;
        }
        return anchors;
    }

    /**
     * GitHub's anchor for a heading: its text (links and code reduced to their text), lower case, every character
     * that is not a letter, digit, {@code -} or {@code _} dropped, and each space turned into {@code -}.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1")
                .replaceAll("<[^>]+>", "")
                .toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }

    private static boolean isParagraphText(String line) {
        String trimmed = line.trim();
        return !trimmed.isEmpty()
                && !trimmed.startsWith("|")
                && !trimmed.startsWith("-")
                && !trimmed.startsWith("*")
                && !trimmed.startsWith("#")
                && !trimmed.startsWith(">")
                && !Character.isDigit(trimmed.charAt(0));
    }

    private static String unwrap(String target) {
        return target.startsWith("<") && target.endsWith(">") ? target.substring(1, target.length() - 1) : target;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
