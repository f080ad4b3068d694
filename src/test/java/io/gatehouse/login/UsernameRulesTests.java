package io.gatehouse.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The one canonicalisation rule, as a table of what sites send and which identity it becomes. */
class UsernameRulesTests {

    private static final UsernameRules DEFAULTS = new UsernameRules(true, true, List.of(), List.of(), null);
    private static final UsernameRules CORPORATE =
            new UsernameRules(true, true, List.of("CORP\\", "corp/"), List.of("@corp.example"), "example.org");
    private static final UsernameRules PRESERVING =
            new UsernameRules(false, false, List.of("CORP\\"), List.of(), "Example.org");

    static List<Arguments> defaults() {
        return List.of(
                Arguments.of("alice@example.org", "alice@example.org"),
                Arguments.of("ALICE@Example.ORG", "alice@example.org"),
                Arguments.of("  alice@example.org\t", "alice@example.org"),
                Arguments.of("alice@example.org\n", "alice@example.org"),
                Arguments.of("\u3000alice@example.org\u00a0", "alice@example.org"),
                Arguments.of("\uff41lice@example.org", "alice@example.org"),
                Arguments.of("\uff21\uff2c\uff29\uff23\uff25@example.org", "alice@example.org"),
                Arguments.of("ﬁona@example.org", "fiona@example.org"),
                Arguments.of("alice", "alice"),
                Arguments.of("jürgen@example.de", "jürgen@example.de"),
                Arguments.of("alice@example.org\u0000", null),
                Arguments.of("\u0000", null),
                Arguments.of("ali\nce@example.org", null),
                Arguments.of("ali\u2028ce@example.org", null),
                Arguments.of("ali\u200bce@example.org", null),
                Arguments.of("\u202ealice@example.org", null),
                Arguments.of("alice\u0007@example.org", null),
                Arguments.of("", null),
                Arguments.of("   ", null),
                Arguments.of("a".repeat(257), null),
                Arguments.of("a".repeat(256), "a".repeat(256)));
    }

    @ParameterizedTest
    @MethodSource("defaults")
    void canonicalWhenDefaultRulesThenTable(String raw, String expected) {
        assertThat(DEFAULTS.canonical(raw)).isEqualTo(Optional.ofNullable(expected));
    }

    static List<Arguments> corporate() {
        return List.of(
                Arguments.of("CORP\\alice", "alice@example.org"),
                Arguments.of("corp\\Alice", "alice@example.org"),
                Arguments.of("Corp/alice", "alice@example.org"),
                Arguments.of("alice", "alice@example.org"),
                Arguments.of(" alice ", "alice@example.org"),
                Arguments.of("alice@corp.example", "alice@example.org"),
                Arguments.of("ALICE@CORP.EXAMPLE", "alice@example.org"),
                Arguments.of("alice@example.org", "alice@example.org"),
                Arguments.of("alice@other.example", "alice@other.example"),
                Arguments.of("\uff23\uff2f\uff32\uff30\\alice", "alice@example.org"),
                Arguments.of("CORP\\", null),
                Arguments.of("CORP\\ ", null),
                Arguments.of("@corp.example", null));
    }

    @ParameterizedTest
    @MethodSource("corporate")
    void canonicalWhenPrefixSuffixAndDefaultDomainThenOneIdentity(String raw, String expected) {
        assertThat(CORPORATE.canonical(raw)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void canonicalWhenPreserveCaseAndNoNormalisationThenCaseAndCodePointsKept() {
        assertThat(PRESERVING.canonical("corp\\Alice")).contains("Alice@Example.org");
        assertThat(PRESERVING.canonical("\uff41lice@x")).contains("\uff41lice@x");
        assertThat(PRESERVING.canonical("Bob@Example.org")).contains("Bob@Example.org");
    }

    @Test
    void canonicalWhenAppliedTwiceThenSameResult() {
        for (String raw : List.of("CORP\\Alice", "\uff41lice", "İstanbul@example.org", " Bob ", "ALICE@CORP.EXAMPLE")) {
            String once = CORPORATE.canonical(raw).orElseThrow();
            assertThat(CORPORATE.canonical(once)).as(raw).contains(once);
        }
    }

    static List<Arguments> ambiguity() {
        return List.of(
                Arguments.of("alice@example.org", false),
                Arguments.of("CORP\\alice", false),
                Arguments.of("алиса@example.org", false),
                Arguments.of("\uff41lice@example.org", true),
                Arguments.of("alice@example.org\u0000", true),
                Arguments.of("alice@example.org ", false),
                Arguments.of(" alice@example.org", false),
                Arguments.of("alice@example.org\u00a0", true),
                Arguments.of("ali\u200bce@example.org", true),
                Arguments.of("ali\u00adce@example.org", true),
                Arguments.of("alice\u2126@example.org", true),
                Arguments.of("álice@example.org", true),
                Arguments.of("a\u0301lice@example.org", true),
                Arguments.of("ﬁona@example.org", true),
                Arguments.of("", false));
    }

    @ParameterizedTest
    @MethodSource("ambiguity")
    void looksAmbiguousWhenLookAlikeControlOrSurroundingSpaceThenTrue(String raw, boolean ambiguous) {
        assertThat(UsernameRules.looksAmbiguous(raw)).isEqualTo(ambiguous);
        assertThat(UsernameRules.ambiguity(raw).isPresent()).isEqualTo(ambiguous);
    }

    @Test
    void ambiguityWhenFullWidthThenReasonSaysSo() {
        assertThat(UsernameRules.ambiguity("\uff41lice@example.org"))
                .hasValueSatisfying(reason -> assertThat(reason).contains("full-width"));
    }
}
