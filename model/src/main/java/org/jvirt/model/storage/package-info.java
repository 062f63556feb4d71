/**
 * Storage pool and volume XML (formatstorage, formatstorageencryption), byte-compatible with libvirt 9.0.0.
 *
 * <p>Surface for drivers:
 * <ul>
 *   <li>{@link org.jvirt.model.storage.StoragePoolParser#parse(String)} gives a
 *       {@link org.jvirt.model.storage.StoragePoolDef} (name, uuid, type, source, target path/permissions);
 *       a missing UUID is generated. {@code new StoragePoolParser(true, ...)} also reads the fs/rbd backend
 *       namespaces, as the real storage driver does; the test driver uses the default constructor.</li>
 *   <li>The driver owns the sizes: {@code def.withSizes(capacity, allocation, available)} before
 *       {@link org.jvirt.model.storage.StoragePoolFormatter#format}. The test driver uses 107374182400/0/...</li>
 *   <li>{@link org.jvirt.model.storage.StorageVolParser#parse(StoragePoolDef, String, int)} (flags
 *       {@code NO_CAPACITY}, {@code OPT_CAPACITY}) gives a {@link org.jvirt.model.storage.StorageVolDef};
 *       {@code withKeyAndPath(key, path)} and {@code withSizes(capacity, allocation)} are what a driver sets;
 *       {@link org.jvirt.model.storage.StorageVolFormatter#format(StoragePoolType, StorageVolDef)} prints it.</li>
 *   <li>{@link org.jvirt.model.storage.StorageEncryption} parses and formats {@code <encryption>} for reuse by the
 *       domain disk model; {@link org.jvirt.model.storage.ConfXml} holds libvirt-exact XPath-like helpers used by
 *       the other packages of this helper (a candidate for org.jvirt.model.xml).</li>
 * </ul>
 */
package org.jvirt.model.storage;
