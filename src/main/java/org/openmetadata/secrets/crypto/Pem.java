package org.openmetadata.secrets.crypto;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.util.Base64;

/**
 * PEM for the sealing public key, X25519 or RSA: written as PUBLIC KEY (SubjectPublicKeyInfo); read
 * as PUBLIC KEY or CERTIFICATE.
 */
public final class Pem {

  private static final String BEGIN_KEY = "-----BEGIN PUBLIC KEY-----";
  private static final String END_KEY = "-----END PUBLIC KEY-----";

  private Pem() {}

  public static String publicKey(PublicKey key) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    return BEGIN_KEY + "\n" + body + "\n" + END_KEY + "\n";
  }

  public static PublicKey parsePublicKey(String pem) {
    try {
      if (pem.contains("-----BEGIN CERTIFICATE-----")) {
        PublicKey key =
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                .getPublicKey();
        return Format.publicKey(key.getEncoded());
      }
      int begin = pem.indexOf(BEGIN_KEY);
      int end = pem.indexOf(END_KEY);
      if (begin < 0 || end < begin) {
        throw new IllegalArgumentException("not a PEM public key or certificate");
      }
      return Format.publicKey(
          Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN_KEY.length(), end)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a certificate: " + e.getMessage(), e);
    }
  }
}
