package io.gatehouse.upstream;

/** What the upstream's identity probe said of a set of session cookies. */
public sealed interface ProbeResult {

    /** The upstream answered that the session belongs to {@code user} (canonicalised). */
    record SignedIn(String user) implements ProbeResult {
    }

    /** The upstream answered in time, and the session belongs to nobody. */
    record NotSignedIn() implements ProbeResult {
    }

    /** No usable answer (timeout, connection refused, too big, unreadable). */
    record Failed(String reason) implements ProbeResult {
    }
}
