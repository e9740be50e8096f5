package org.openmetadata.secrets.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * MB of TLS records per second of CPU for the AEADs TLS 1.3 offers, in this JVM: why the operator's
 * client asks for ChaCha20-Poly1305 first when C2 is off ({@code runtime/TlsCiphers}). Decrypts 16
 * KB records (TLS's largest) as the client does most, one thread, its CPU time. A program, not a
 * test: {@code java [-XX:TieredStopAtLevel=1] -cp target/test-classes
 * org.openmetadata.secrets.bench.TlsCipherSpeed [seconds]}.
 */
public final class TlsCipherSpeed {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int RECORD = 16 * 1024;
  private static final int TAG_BITS = 128;

  private TlsCipherSpeed() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    System.out.printf(
        Locale.ROOT,
        "%s, JVM options %s, %.0f s each after as long a warm-up%n",
        System.getProperty("java.vm.version"),
        ManagementFactory.getRuntimeMXBean().getInputArguments(),
        seconds);
    for (String aead : new String[] {"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305"}) {
      run(aead, seconds); // warm-up: let the JIT compile what it will
      System.out.printf(Locale.ROOT, "TLS_%-20s %8.1f MB/s of CPU%n", aead, run(aead, seconds));
    }
  }

  /** Opens records sealed once, for {@code seconds} of this thread's CPU; MB per CPU second. */
  private static double run(String aead, double seconds) throws Exception {
    SecureRandom random = new SecureRandom();
    boolean chacha = aead.startsWith("CHACHA");
    byte[] key = new byte[aead.startsWith("AES_128") ? 16 : 32];
    random.nextBytes(key);
    SecretKeySpec spec = new SecretKeySpec(key, chacha ? "ChaCha20" : "AES");
    String transformation = chacha ? "ChaCha20-Poly1305" : "AES/GCM/NoPadding";
    // Two records under two nonces, opened in turn: the JDK's ChaCha20 refuses a key and nonce
    // used by the previous initialization, even to decrypt.
    byte[][] nonces = {new byte[12], new byte[12]};
    nonces[1][11] = 1;
    byte[][] sealed = new byte[2][];
    byte[] record = new byte[RECORD];
    random.nextBytes(record);
    for (int i = 0; i < 2; i++) {
      Cipher seal = Cipher.getInstance(transformation);
      seal.init(Cipher.ENCRYPT_MODE, spec, parameters(chacha, nonces[i]));
      sealed[i] = seal.doFinal(record);
    }
    Cipher open = Cipher.getInstance(transformation);
    long budget = (long) (seconds * 1e9);
    long t0 = THREADS.getCurrentThreadCpuTime();
    long bytes = 0;
    long cpu;
    int i = 0;
    do {
      open.init(Cipher.DECRYPT_MODE, spec, parameters(chacha, nonces[i]));
      bytes += open.doFinal(sealed[i]).length;
      i ^= 1;
      cpu = THREADS.getCurrentThreadCpuTime() - t0;
    } while (cpu < budget);
    return bytes / 1e6 / (cpu / 1e9);
  }

  private static AlgorithmParameterSpec parameters(boolean chacha, byte[] nonce) {
    return chacha ? new IvParameterSpec(nonce) : new GCMParameterSpec(TAG_BITS, nonce);
  }
}
