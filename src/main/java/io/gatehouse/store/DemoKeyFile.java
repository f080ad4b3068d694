package io.gatehouse.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * For the demo only: reads the key file (e.g. {@code ./data/secret.key}), creating it with a fresh random
 * key and owner-only permissions when it does not exist yet.
 */
public final class DemoKeyFile {

    private DemoKeyFile() {}

    /** The keyring from the demo key file, plus the warning to log on every start that uses it. */
    public record DemoKey(SecretKeyring keyring, String warning) {}

    public static DemoKey loadOrCreate(Path file, SecureRandom random) {
        try {
            boolean created = false;
            if (Files.notExists(file)) {
                created = create(file, random);
            }
            String content = Files.readString(file, StandardCharsets.US_ASCII).trim();
            SecretKeyring keyring = KeyringLoader.parse(content, null);
            String warning = (created ? "Created a demo encryption key in " : "Using the demo encryption key in ")
                    + file.toAbsolutePath() + ": fine for trying Gatehouse, not for production. Set "
                    + KeyringLoader.CURRENT_KEY_VARIABLE + " instead, and keep a backup of the key: "
                    + "without it no enrolled user can sign in.";
            return new DemoKey(keyring, warning);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create demo key file " + file, e);
        }
    }

    private static boolean create(Path file, SecureRandom random) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        byte[] key = new byte[SecretKeyring.KEY_BYTES];
        random.nextBytes(key);
        try {
            // Created with 600 from the start, so the key is never readable by others, not even briefly.
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // Another process won the race; use its key.
            return false;
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        return true;
    }
}
