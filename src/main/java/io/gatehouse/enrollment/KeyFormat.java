package io.gatehouse.enrollment;

/** Shows a Base32 key as groups of four ({@code ABCD EFGH IJKL}) so that people can type it without losing their place. */
final class KeyFormat {

    private static final int GROUP = 4;

    private KeyFormat() {}

    static String grouped(String base32) {
        String key = base32.replace("=", "").replace(" ", "");
        StringBuilder out = new StringBuilder(key.length() + key.length() / GROUP);
        for (int i = 0; i < key.length(); i++) {
            if (i > 0 && i % GROUP == 0) {
                out.append(' ');
            }
            out.append(key.charAt(i));
        }
        return out.toString();
    }
}
