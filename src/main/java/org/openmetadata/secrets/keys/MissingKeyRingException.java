package org.openmetadata.secrets.keys;

import org.openmetadata.secrets.config.Setting;

/**
 * The key ring Secret is missing although a ring existed: a new ring could open nothing sealed
 * before, so the operator does not start until the ring is restored or a new one is allowed.
 */
public final class MissingKeyRingException extends RuntimeException {

  MissingKeyRingException(String secret, String evidence) {
    super(
        "the key ring Secret "
            + secret
            + " is missing, but a key ring existed ("
            + evidence
            + ")."
            + " A new ring would open nothing sealed before. Restore the Secret from your backup"
            + " (docs/sealing.md, \"Backup and disaster recovery\"); if no backup exists, start once with "
            + Setting.OM_SM_ALLOW_NEW_KEY_RING
            + "=true (chart: sealing.allowNewKeyRing) and seal every value again.");
  }
}
