package io.gatehouse.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** axe-core, run inside the browser on the page it shows (the script ships in the axe-core jar). */
final class Accessibility {

    private static final Set<String> BLOCKING = Set.of("serious", "critical");

    private Accessibility() {}

    /** Asserts axe finds nothing serious or critical on the page, naming each rule and element otherwise. */
    static void assertNoSeriousViolations(Browser browser) {
        Results results = new AxeBuilder()
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"))
                .analyze(browser.driver());
        assertThat(results.getErrorMessage())
                .as("axe ran on %s", browser.path())
                .isNull();
        assertThat(results.getPasses())
                .as("axe checked something on %s", browser.path())
                .isNotEmpty();
        List<String> blocking = results.getViolations().stream()
                .filter(rule -> BLOCKING.contains(rule.getImpact()))
                .map(Accessibility::describe)
                .toList();
        assertThat(blocking)
                .as("serious or critical axe violations on %s", browser.path())
                .isEmpty();
    }

    private static String describe(Rule rule) {
        return rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp() + " at "
                + rule.getNodes().stream()
                        .map(node -> String.valueOf(node.getTarget()))
                        .collect(Collectors.joining(", "));
    }
}
