package org.jvirt.model.storage;

import java.util.UUID;

/**
 * {@code <auth type='chap|ceph' username='...'><secret uuid|usage/></auth>} (libvirt's virStorageAuthDef).
 * {@code authType} is null for an auth without type; {@code secretType} is the secret's own type attribute, kept as
 * written; exactly one of {@code secretUuid}/{@code secretUsage} is set.
 */
public record StorageAuth(String authType, String username, String secretType, UUID secretUuid, String secretUsage) {}
