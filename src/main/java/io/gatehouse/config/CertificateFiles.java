package io.gatehouse.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Reads X.509 certificates from PEM or DER files, as named in {@code gatehouse.upstream.trusted-certificates}. */
public final class CertificateFiles {

    private CertificateFiles() {}

    /** Every certificate in the file (a PEM bundle may hold several); fails if there is none. */
    public static List<X509Certificate> read(Path file) throws IOException, CertificateException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
        }
        if (certificates.isEmpty()) {
            throw new CertificateException("no certificate in " + file);
        }
        return certificates;
    }

    /** Every certificate in every file, in order. */
    public static List<X509Certificate> readAll(List<Path> files) throws IOException, CertificateException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Path file : files) {
            certificates.addAll(read(file));
        }
        return certificates;
    }
}
