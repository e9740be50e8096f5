package org.openmetadata.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

/**
 * The HPKE core against RFC 9180 appendix A.1.1 (base mode, X25519 / HKDF-SHA256 / AES-128-GCM).
 */
class HpkeTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] INFO = hex("4f6465206f6e2061204772656369616e2055726e");
  private static final KeyPair EPHEMERAL =
      pair("52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736");
  private static final KeyPair RECIPIENT =
      pair("4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8");
  private static final String PK_EM =
      "37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431";
  private static final String PK_RM =
      "3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d";
  private static final String SHARED_SECRET =
      "fe0e18c9f024ce43799ae393c7e8fe8fce9d218875e8227b0187c04e7d2ea1fc";
  // Encryption with sequence number 0.
  private static final byte[] AAD = hex("436f756e742d30");
  private static final byte[] PT =
      hex("4265617574792069732074727574682c20747275746820626561757479");
  private static final String CT =
      "f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a";

  private static byte[] hex(String hex) {
    return HEX.parseHex(hex);
  }

  private static KeyPair pair(String rawPrivate) {
    try {
      PrivateKey key =
          KeyFactory.getInstance("XDH")
              .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, hex(rawPrivate)));
      return new KeyPair(X25519.publicKeyOf(key), key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void publicKeysDeriveFromPrivateOnesAsTheVectorsSay() {
    assertThat(HEX.formatHex(X25519.raw(EPHEMERAL.getPublic()))).isEqualTo(PK_EM);
    assertThat(HEX.formatHex(X25519.raw(RECIPIENT.getPublic()))).isEqualTo(PK_RM);
    assertThat(X25519.publicKey(hex(PK_RM))).isEqualTo(RECIPIENT.getPublic());
  }

  @Test
  void theBaseModeSetupGivesTheVectorsSharedSecretKeyAndBaseNonce() throws Exception {
    byte[] dh = X25519.agree(EPHEMERAL.getPrivate(), RECIPIENT.getPublic());
    byte[] sharedSecret = Hpke.sharedSecret(dh, hex(PK_EM), hex(PK_RM));
    assertThat(HEX.formatHex(sharedSecret)).isEqualTo(SHARED_SECRET);
    Hpke.Context context = Hpke.keySchedule(sharedSecret, INFO);
    assertThat(HEX.formatHex(context.key())).isEqualTo("4531685d41d65f03dc48f6b8302c05b0");
    assertThat(HEX.formatHex(context.baseNonce())).isEqualTo("56d890e5accaaf011cff4b7d");
  }

  @Test
  void theFirstEncryptionIsTheVectorsAndOpens() throws Exception {
    Hpke.Sealed sealed = Hpke.seal(EPHEMERAL, RECIPIENT.getPublic(), INFO, AAD, PT);
    assertThat(HEX.formatHex(sealed.enc())).isEqualTo(PK_EM);
    assertThat(HEX.formatHex(sealed.ciphertext())).isEqualTo(CT);
    assertThat(Hpke.open(RECIPIENT, hex(PK_EM), INFO, AAD, hex(CT))).isEqualTo(PT);
  }

  @Test
  void anotherInfoOrAadDoesNotOpen() {
    assertThatThrownBy(() -> Hpke.open(RECIPIENT, hex(PK_EM), hex("00"), AAD, hex(CT)))
        .isInstanceOf(AEADBadTagException.class);
    assertThatThrownBy(() -> Hpke.open(RECIPIENT, hex(PK_EM), INFO, hex("436f756e742d31"), hex(CT)))
        .isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void anEncapsulatedKeyOfSmallOrderIsRefused() {
    // u = 0 and u = 1 are points of small order: the shared secret would be all zeros (RFC 9180
    // section 7.1.4).
    for (String enc : new String[] {"00".repeat(32), "01" + "00".repeat(31)}) {
      assertThatThrownBy(() -> Hpke.open(RECIPIENT, hex(enc), INFO, AAD, hex(CT)))
          .isInstanceOf(InvalidKeyException.class);
    }
  }
}
