/**
 * What every driver needs and libvirt keeps in src/conf for all of them: the event queue
 * ({@link org.jvirt.spi.support.DriverEventBus}), domain state and event numbers
 * ({@link org.jvirt.spi.support.DomainStates}) and the list filter of virConnectListAllDomains
 * ({@link org.jvirt.spi.support.DomainListFilter}). Drivers never depend on each other; they share this.
 */
package org.jvirt.spi.support;
