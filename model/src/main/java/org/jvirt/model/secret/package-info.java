/**
 * Secret XML ({@code <secret>}): {@link org.jvirt.model.secret.SecretDef} (record),
 * {@link org.jvirt.model.secret.SecretDefParser#parse(String)} and
 * {@link org.jvirt.model.secret.SecretDefFormatter#format(SecretDef, int)}.
 * A driver reads {@code uuid()}, {@code usageType()}/{@code usageTypeNumber()} and {@code usageId()} for
 * lookups, {@code ephemeral()}/{@code isPrivate()} for its rules, and uses {@code withUuid} when redefining.
 */
package org.jvirt.model.secret;
