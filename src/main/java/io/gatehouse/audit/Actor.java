package io.gatehouse.audit;

import io.gatehouse.web.Text;

/** Who did something to an account: the user themselves, a named administrator, or the command line. */
public record Actor(Kind kind, String name) {

    /** Where the action came from. */
    public enum Kind {
        SELF,
        ADMIN,
        CLI
    }

    public static Actor self(String user) {
        return new Actor(Kind.SELF, user);
    }

    public static Actor admin(String admin) {
        return new Actor(Kind.ADMIN, admin);
    }

    public static Actor cli() {
        return new Actor(Kind.CLI, System.getProperty("user.name", "unknown"));
    }

    /** As the audit trail writes it: the user's name, {@code admin:<name>} or {@code cli:<os user>}. */
    public String audited() {
        return switch (kind) {
            case SELF -> name;
            case ADMIN -> "admin:" + name;
            case CLI -> "cli:" + name;
        };
    }

    /** The sentence of an email saying who it was. */
    public Text described() {
        return switch (kind) {
            case SELF -> Text.of("mail.by.self");
            case ADMIN -> Text.of("mail.by.admin", name);
            case CLI -> Text.of("mail.by.cli");
        };
    }
}
