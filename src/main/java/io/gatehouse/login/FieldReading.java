package io.gatehouse.login;

/** What a login request says about its username field: one clear user, none, or something sites read differently. */
public sealed interface FieldReading {

    /** No username in the request. */
    FieldReading ABSENT = new Absent();

    /** The field appears exactly once, unambiguously, and its value canonicalises to {@code canonicalUser}. */
    record Found(String canonicalUser) implements FieldReading {}

    /** The field does not appear (or only with an empty value). */
    record Absent() implements FieldReading {}

    /**
     * The request could name different users to different readers (duplicates, query and body, a variant name, a
     * body of another type than declared, look-alike characters, undecodable text); {@code reason} is for the audit
     * log and holds no request data.
     */
    record Ambiguous(String reason) implements FieldReading {}
}
