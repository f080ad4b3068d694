package io.gatehouse.login;

/** What the upstream said when the identity probe asked whom a session belongs to. */
public sealed interface ProbeResult {

    /** The tag of {@code gatehouse_identity_probes_total}: {@code signed-in}, {@code not-signed-in} or {@code failed}. */
    String outcome();

    /** The site named this user (canonicalised by the {@link UsernameRules}) for the session. */
    record SignedIn(String user) implements ProbeResult {
        @Override
        public String outcome() {
            return "signed-in";
        }
    }

    /**
     * The site answered in time that nobody is signed in: a status not configured as signed in, a redirect, or an
     * answer without a user; {@code reason} says which, for the audit log.
     */
    record NotSignedIn(String reason) implements ProbeResult {
        @Override
        public String outcome() {
            return "not-signed-in";
        }
    }

    /**
     * No usable answer: a timeout, a connection error, an answer longer than {@code max-body}, JSON that does not
     * parse, several different users, or no probe configured; {@code reason} is for the log and audit.
     */
    record Failed(String reason) implements ProbeResult {
        @Override
        public String outcome() {
            return "failed";
        }
    }
}
