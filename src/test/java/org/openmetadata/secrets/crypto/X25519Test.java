package org.openmetadata.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;

class X25519Test {

  private static final HexFormat HEX = HexFormat.of();

  // RFC 7748, section 6.1.
  private static final String ALICE_PRIVATE =
      "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
  private static final String ALICE_PUBLIC =
      "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
  private static final String BOB_PRIVATE =
      "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
  private static final String BOB_PUBLIC =
      "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
  private static final String SHARED =
      "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

  @Test
  void theRfc7748VectorsHold() throws Exception {
    PrivateKey alice = privateKey(ALICE_PRIVATE);
    PrivateKey bob = privateKey(BOB_PRIVATE);

    assertThat(HEX.formatHex(X25519.raw(X25519.publicKeyOf(alice)))).isEqualTo(ALICE_PUBLIC);
    assertThat(HEX.formatHex(X25519.raw(X25519.publicKeyOf(bob)))).isEqualTo(BOB_PUBLIC);
    assertThat(HEX.formatHex(X25519.agree(alice, HEX.parseHex(BOB_PUBLIC)))).isEqualTo(SHARED);
    assertThat(HEX.formatHex(X25519.agree(bob, X25519.publicKey(HEX.parseHex(ALICE_PUBLIC)))))
        .isEqualTo(SHARED);
  }

  @Test
  void agreesWithTheJdksXdhOnFreshKeys() throws Exception {
    var own = X25519.generate();
    var peer = X25519.generate();
    KeyAgreement jdk = KeyAgreement.getInstance("XDH");
    jdk.init(own.getPrivate());
    jdk.doPhase(peer.getPublic(), true);

    assertThat(X25519.agree(own.getPrivate(), peer.getPublic())).isEqualTo(jdk.generateSecret());
  }

  @Test
  void aPeerKeyOfSmallOrderOrTheWrongLengthIsRefused() throws Exception {
    PrivateKey alice = privateKey(ALICE_PRIVATE);

    assertThatThrownBy(() -> X25519.agree(alice, new byte[32]))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("small order");
    assertThatThrownBy(() -> X25519.agree(alice, new byte[31]))
        .isInstanceOf(InvalidKeyException.class);
  }

  private static PrivateKey privateKey(String hex) throws Exception {
    return KeyFactory.getInstance("XDH")
        .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, HEX.parseHex(hex)));
  }
}
