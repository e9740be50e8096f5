package org.openmetadata.secrets.api;

/**
 * The Role and RoleBinding the operator keeps in each watched namespace so that its readers may get
 * the Secrets it manages: their name is what users bind to and what the bridge and the kubectl
 * plugin point to.
 */
public final class ReaderRole {

  public static final String NAME = "om-secrets-readers";

  private ReaderRole() {}
}
