#!/usr/bin/python3
"""Interop API cases for jvirt: one JSON line per case, {"case": name, "result": ...}.

Usage: api_cases.py URI READONLY_URI SCRATCH_DIR

Run once against libvirt's own test driver (test:///default, in-process) and once against jvirtd
(test+unix:///default?socket=...); InteropPythonTest compares the two outputs case by case. Every case
opens its own connection, so each starts from the test driver's fresh default state (the shared state is
dropped when the last connection closes). Lists whose order libvirt does not define are sorted here, and
values libvirt derives from the clock (CPU time, snapshot creation time) are left out.
"""
import json
import re
import sys
import threading
import time

import libvirt

URI, RO_URI, SCRATCH = sys.argv[1], sys.argv[2], sys.argv[3]

# Silence libvirt's default error printer: errors are reported as case results.
libvirt.registerErrorHandler(lambda ctx, err: None, None)
libvirt.virEventRegisterDefaultImpl()


def _event_loop():
    while True:
        libvirt.virEventRunDefaultImpl()


threading.Thread(target=_event_loop, daemon=True).start()

CASES = []


def case(fn):
    CASES.append(fn)
    return fn


def err(e):
    return {"error": e.get_error_code(), "domain": e.get_error_domain(), "message": e.get_error_message()}


def attempt(fn):
    try:
        return fn()
    except libvirt.libvirtError as e:
        return err(e)


def strip_clock(xml):
    return re.sub(r"<creationTime>\d+</creationTime>", "<creationTime/>", xml)


DOM_XML = """<domain type='test'>
  <name>interop1</name>
  <uuid>11111111-2222-3333-4444-555555555555</uuid>
  <memory unit='KiB'>262144</memory>
  <currentMemory unit='KiB'>262144</currentMemory>
  <vcpu placement='static'>2</vcpu>
  <os><type arch='i686'>hvm</type><boot dev='hd'/></os>
</domain>"""

NET_XML = """<network>
  <name>interopnet</name>
  <uuid>aaaaaaaa-2222-3333-4444-555555555555</uuid>
  <bridge name='virbr9'/>
  <ip address='192.168.99.1' netmask='255.255.255.0'>
    <dhcp><range start='192.168.99.2' end='192.168.99.254'/></dhcp>
  </ip>
</network>"""

POOL_XML = """<pool type='dir'>
  <name>interoppool</name>
  <uuid>bbbbbbbb-2222-3333-4444-555555555555</uuid>
  <target><path>/interop-pool</path></target>
</pool>"""

VOL_XML = """<volume>
  <name>vol1.img</name>
  <capacity unit='bytes'>1048576</capacity>
  <allocation unit='bytes'>1048576</allocation>
</volume>"""

IFACE_XML = """<interface type='ethernet' name='eth7'>
  <start mode='onboot'/>
  <mac address='aa:bb:cc:dd:ee:07'/>
  <protocol family='ipv4'><ip address='192.168.7.7' prefix='24'/></protocol>
</interface>"""

NODEDEV_XML = """<device>
  <parent>scsi_host1</parent>
  <capability type='scsi_host'>
    <capability type='fc_host'>
      <wwnn>2000000012345678</wwnn>
      <wwpn>1000000012345678</wwpn>
    </capability>
  </capability>
</device>"""

SNAP_XML = "<domainsnapshot><name>%s</name><description>interop</description></domainsnapshot>"


# ---- host ----

@case
def host_info(c):
    return {"info": c.getInfo(), "type": c.getType(), "version": c.getVersion(),
            "max_vcpus": attempt(lambda: c.getMaxVcpus(None)), "alive": c.isAlive()}


@case
def host_capabilities(c):
    return c.getCapabilities()


@case
def host_free_memory(c):
    return {"free": attempt(c.getFreeMemory), "cells": attempt(lambda: c.getCellsFreeMemory(0, 2))}


# ---- domains ----

@case
def dom_list(c):
    return {"all": sorted(d.name() for d in c.listAllDomains()), "ids": sorted(c.listDomainsID()),
            "defined": sorted(c.listDefinedDomains()), "num": c.numOfDomains(),
            "num_defined": c.numOfDefinedDomains()}


@case
def dom_lookup(c):
    d = c.lookupByName("test")
    return {"name": d.name(), "id": d.ID(), "uuid": d.UUIDString(),
            "by_id": c.lookupByID(d.ID()).name(), "by_uuid": c.lookupByUUIDString(d.UUIDString()).name(),
            "os": d.OSType(), "persistent": d.isPersistent(), "active": d.isActive(), "updated": d.isUpdated()}


@case
def dom_info_state(c):
    d = c.lookupByName("test")
    info = d.info()
    return {"info_without_cputime": info[:4], "state": d.state(), "max_memory": d.maxMemory(),
            "control": attempt(d.controlInfo)}


@case
def dom_xml(c):
    d = c.lookupByName("test")
    return {"live": d.XMLDesc(0), "inactive": d.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE)}


@case
def dom_define_undefine(c):
    d = c.defineXML(DOM_XML)
    out = {"name": d.name(), "uuid": d.UUIDString(), "active": d.isActive(), "persistent": d.isPersistent(),
           "state": d.state(), "xml": d.XMLDesc(0)}
    d.undefine()
    out["after"] = attempt(lambda: c.lookupByName("interop1").name())
    return out


@case
def dom_create_destroy(c):
    d = c.defineXML(DOM_XML)
    d.create()
    out = {"active": d.isActive(), "id_positive": d.ID() > 0, "state": d.state(),
           "ids": sorted(c.listDomainsID())}
    d.destroy()
    out["after"] = {"active": d.isActive(), "state": d.state(), "id": d.ID()}
    out["destroy_again"] = attempt(d.destroy)
    return out


@case
def dom_create_transient(c):
    d = c.createXML(DOM_XML, 0)
    out = {"persistent": d.isPersistent(), "active": d.isActive(), "state": d.state()}
    d.destroy()
    out["after"] = attempt(lambda: c.lookupByName("interop1").name())
    return out


@case
def dom_suspend_resume(c):
    d = c.lookupByName("test")
    d.suspend()
    out = {"suspended": d.state()}
    out["suspend_again"] = attempt(d.suspend)
    d.resume()
    out["resumed"] = d.state()
    out["resume_again"] = attempt(d.resume)
    return out


@case
def dom_shutdown_reboot(c):
    d = c.lookupByName("test")
    out = {"reboot": attempt(lambda: d.reboot(0)), "after_reboot": d.state()}
    out["shutdown"] = attempt(d.shutdown)
    out["after_shutdown"] = d.state()
    return out


@case
def dom_autostart(c):
    d = c.lookupByName("test")
    out = {"before": d.autostart()}
    d.setAutostart(1)
    out["after"] = d.autostart()
    out["listed"] = sorted(x.name() for x in c.listAllDomains(libvirt.VIR_CONNECT_LIST_DOMAINS_AUTOSTART))
    return out


@case
def dom_set_memory(c):
    d = c.lookupByName("test")
    d.setMemory(1048576)
    out = {"memory": d.info()[2]}
    out["too_big"] = attempt(lambda: d.setMemory(99999999999))
    out["flags_config"] = attempt(lambda: d.setMemoryFlags(524288, libvirt.VIR_DOMAIN_AFFECT_CONFIG))
    out["xml_current"] = re.findall(r"<currentMemory[^>]*>\d+<", d.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE))
    return out


@case
def dom_vcpus(c):
    d = c.lookupByName("test")
    out = {"max": d.maxVcpus(), "live": d.vcpusFlags(libvirt.VIR_DOMAIN_AFFECT_LIVE),
           "config_max": d.vcpusFlags(libvirt.VIR_DOMAIN_AFFECT_CONFIG | libvirt.VIR_DOMAIN_VCPU_MAXIMUM)}
    out["set"] = attempt(lambda: d.setVcpusFlags(1, libvirt.VIR_DOMAIN_AFFECT_LIVE))
    out["live_after"] = d.vcpusFlags(libvirt.VIR_DOMAIN_AFFECT_LIVE)
    out["too_many"] = attempt(lambda: d.setVcpusFlags(64, libvirt.VIR_DOMAIN_AFFECT_LIVE))
    out["pin_info"] = attempt(lambda: d.vcpuPinInfo(0))
    return out


@case
def dom_scheduler(c):
    d = c.lookupByName("test")
    return {"type": d.schedulerType(), "params": d.schedulerParameters()}


@case
def dom_snapshots(c):
    d = c.lookupByName("test")
    out = {"none": d.snapshotNum(0), "has_current": d.hasCurrentSnapshot()}
    d.snapshotCreateXML(SNAP_XML % "s1", 0)
    d.snapshotCreateXML(SNAP_XML % "s2", 0)
    out["names"] = sorted(d.snapshotListNames(0))
    out["all"] = sorted(s.getName() for s in d.listAllSnapshots(0))
    cur = d.snapshotCurrent(0)
    out["current"] = cur.getName()
    out["parent"] = cur.getParent().getName()
    out["is_current"] = cur.isCurrent()
    out["xml"] = strip_clock(cur.getXMLDesc(0))
    s1 = d.snapshotLookupByName("s1", 0)
    out["children"] = s1.listChildrenNames(0)
    d.revertToSnapshot(s1, 0)
    out["after_revert"] = {"current": d.snapshotCurrent(0).getName(), "state": d.state()}
    s1.delete(libvirt.VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN)
    out["after_delete"] = sorted(d.snapshotListNames(0))
    out["missing"] = attempt(lambda: d.snapshotLookupByName("s1", 0).getName())
    return out


@case
def dom_save_restore(c):
    d = c.lookupByName("test")
    path = SCRATCH + "/test.save"
    d.save(path)
    out = {"after_save": d.state()}
    c.restore(path)
    out["after_restore"] = d.state()
    return out


@case
def dom_managed_save(c):
    d = c.lookupByName("test")
    d.managedSave(0)
    out = {"state": d.state(), "has_image": d.hasManagedSaveImage(0)}
    d.create()
    out["after_start"] = {"state": d.state(), "has_image": d.hasManagedSaveImage(0)}
    return out


@case
def dom_metadata(c):
    d = c.lookupByName("test")
    d.setMetadata(libvirt.VIR_DOMAIN_METADATA_DESCRIPTION, "hello interop", None, None, 0)
    out = {"desc": d.metadata(libvirt.VIR_DOMAIN_METADATA_DESCRIPTION, None, 0)}
    out["title_missing"] = attempt(lambda: d.metadata(libvirt.VIR_DOMAIN_METADATA_TITLE, None, 0))
    return out


@case
def dom_rename(c):
    d = c.defineXML(DOM_XML)
    d.rename("interop2", 0)
    # Not d.name(): libvirt's remote driver renames its handle, the in-process one does not.
    renamed = c.lookupByName("interop2")
    out = {"name": renamed.name(), "uuid": renamed.UUIDString(), "defined": sorted(c.listDefinedDomains()),
           "old": attempt(lambda: c.lookupByName("interop1").name())}
    renamed.undefine()
    return out


# ---- networks ----

@case
def net_list(c):
    return {"all": sorted(n.name() for n in c.listAllNetworks()), "active": sorted(c.listNetworks()),
            "defined": sorted(c.listDefinedNetworks()), "num": c.numOfNetworks()}


@case
def net_lookup(c):
    n = c.networkLookupByName("default")
    return {"name": n.name(), "uuid": n.UUIDString(), "bridge": n.bridgeName(), "active": n.isActive(),
            "persistent": n.isPersistent(), "autostart": n.autostart(),
            "by_uuid": c.networkLookupByUUIDString(n.UUIDString()).name(), "xml": n.XMLDesc(0)}


@case
def net_lifecycle(c):
    n = c.networkDefineXML(NET_XML)
    out = {"defined": {"active": n.isActive(), "persistent": n.isPersistent()}}
    n.create()
    out["created"] = {"active": n.isActive(), "xml": n.XMLDesc(0)}
    n.setAutostart(1)
    out["autostart"] = n.autostart()
    n.destroy()
    out["destroyed"] = n.isActive()
    n.undefine()
    out["after"] = attempt(lambda: c.networkLookupByName("interopnet").name())
    return out


@case
def net_dhcp_leases(c):
    return attempt(lambda: c.networkLookupByName("default").DHCPLeases())


# ---- storage ----

@case
def pool_list(c):
    return {"all": sorted(p.name() for p in c.listAllStoragePools()), "active": sorted(c.listStoragePools()),
            "defined": sorted(c.listDefinedStoragePools()), "num": c.numOfStoragePools()}


@case
def pool_lookup(c):
    p = c.storagePoolLookupByName("default-pool")
    return {"name": p.name(), "uuid": p.UUIDString(), "info": p.info(), "active": p.isActive(),
            "persistent": p.isPersistent(), "autostart": p.autostart(), "xml": p.XMLDesc(0),
            "by_uuid": c.storagePoolLookupByUUIDString(p.UUIDString()).name(), "num_vols": p.numOfVolumes()}


@case
def pool_lifecycle(c):
    p = c.storagePoolDefineXML(POOL_XML, 0)
    out = {"defined": {"active": p.isActive(), "info": p.info()}}
    out["build"] = attempt(lambda: p.build(0))
    p.create(0)
    out["created"] = {"active": p.isActive(), "info": p.info()}
    out["refresh"] = attempt(lambda: p.refresh(0))
    p.destroy()
    out["destroyed"] = p.isActive()
    p.undefine()
    out["after"] = attempt(lambda: c.storagePoolLookupByName("interoppool").name())
    return out


@case
def vol_create(c):
    p = c.storagePoolLookupByName("default-pool")
    v = p.createXML(VOL_XML, 0)
    out = {"name": v.name(), "key": v.key(), "path": v.path(), "info": v.info(), "xml": v.XMLDesc(0),
           "list": sorted(p.listVolumes()), "all": sorted(x.name() for x in p.listAllVolumes(0)),
           "by_path": c.storageVolLookupByPath(v.path()).name(), "by_key": c.storageVolLookupByKey(v.key()).name(),
           "pool_of": v.storagePoolLookupByVolume().name()}
    clone = VOL_XML.replace("vol1.img", "vol2.img")
    out["clone"] = attempt(lambda: p.createXMLFrom(clone, v, 0).name())
    out["dup"] = attempt(lambda: p.createXML(VOL_XML, 0).name())
    return out


@case
def vol_delete_wipe_resize(c):
    p = c.storagePoolLookupByName("default-pool")
    v = p.createXML(VOL_XML, 0)
    out = {"wipe": attempt(lambda: v.wipe(0)), "resize": attempt(lambda: v.resize(2097152, 0))}
    out["info"] = v.info()
    v.delete(0)
    out["after"] = sorted(p.listVolumes())
    return out


@case
def vol_upload_download(c):
    p = c.storagePoolLookupByName("default-pool")
    v = p.createXML(VOL_XML, 0)
    data = bytes((i * 7 + 3) % 256 for i in range(1048576))
    out = {}
    try:
        st = c.newStream(0)
        v.upload(st, 0, len(data), 0)
        for off in range(0, len(data), 65536):
            st.send(data[off:off + 65536])
        st.finish()
        out["upload"] = "ok"
    except libvirt.libvirtError as e:
        out["upload"] = err(e)
    try:
        st = c.newStream(0)
        v.download(st, 0, len(data), 0)
        got = bytearray()
        while True:
            chunk = st.recv(262144)
            if chunk is None or len(chunk) == 0 or isinstance(chunk, int):
                break
            got += chunk
        st.finish()
        out["download"] = {"length": len(got), "equal": bytes(got) == data}
    except libvirt.libvirtError as e:
        out["download"] = err(e)
    return out


@case
def dom_screenshot_stream(c):
    # libvirt's test driver has no volume upload/download but sends a screenshot through a stream.
    import hashlib
    d = c.lookupByName("test")
    st = c.newStream(0)
    mime = d.screenshot(st, 0, 0)
    got = bytearray()
    while True:
        chunk = st.recv(262144)
        if chunk is None or isinstance(chunk, int) or len(chunk) == 0:
            break
        got += chunk
    st.finish()
    return {"mime": mime, "length": len(got), "sha256": hashlib.sha256(bytes(got)).hexdigest()}


# ---- interfaces ----

@case
def iface_list(c):
    return {"all": sorted(i.name() for i in c.listAllInterfaces()), "active": sorted(c.listInterfaces()),
            "defined": sorted(c.listDefinedInterfaces()), "num": c.numOfInterfaces()}


@case
def iface_lookup(c):
    i = c.interfaceLookupByName("eth1")
    return {"name": i.name(), "mac": i.MACString(), "active": i.isActive(), "xml": i.XMLDesc(0),
            "by_mac": c.interfaceLookupByMACString(i.MACString()).name()}


@case
def iface_lifecycle(c):
    i = c.interfaceDefineXML(IFACE_XML, 0)
    out = {"defined": i.isActive()}
    i.create(0)
    out["created"] = i.isActive()
    i.destroy(0)
    out["destroyed"] = i.isActive()
    i.undefine()
    out["after"] = attempt(lambda: c.interfaceLookupByName("eth7").name())
    return out


@case
def iface_transaction(c):
    out = {"begin": attempt(lambda: c.changeBegin(0))}
    c.interfaceDefineXML(IFACE_XML, 0)
    out["rollback"] = attempt(lambda: c.changeRollback(0))
    out["after"] = sorted(i.name() for i in c.listAllInterfaces())
    return out


# ---- node devices ----

@case
def nodedev_list(c):
    return {"names": sorted(c.listDevices(None, 0)), "num": c.numOfDevices(None, 0),
            "all": sorted(d.name() for d in c.listAllDevices(0)),
            "scsi_host": sorted(c.listDevices("scsi_host", 0))}


@case
def nodedev_lookup(c):
    d = c.nodeDeviceLookupByName("scsi_host1")
    return {"name": d.name(), "parent": d.parent(), "caps": sorted(d.listCaps()), "num_caps": d.numOfCaps(),
            "xml": d.XMLDesc(0)}


@case
def nodedev_create_destroy(c):
    d = c.nodeDeviceCreateXML(NODEDEV_XML, 0)
    name = d.name()
    out = {"name": name, "parent": d.parent(), "listed": name in c.listDevices(None, 0)}
    d.destroy()
    out["after"] = attempt(lambda: c.nodeDeviceLookupByName(name).name())
    return out


# ---- errors ----

@case
def err_no_domain(c):
    return {"name": attempt(lambda: c.lookupByName("nosuch").name()),
            "id": attempt(lambda: c.lookupByID(999).name()),
            "uuid": attempt(lambda: c.lookupByUUIDString("00000000-0000-0000-0000-000000000099").name())}


@case
def err_no_network(c):
    return attempt(lambda: c.networkLookupByName("nosuch").name())


@case
def err_no_pool(c):
    return attempt(lambda: c.storagePoolLookupByName("nosuch").name())


@case
def err_no_volume(c):
    return {"name": attempt(lambda: c.storagePoolLookupByName("default-pool").storageVolLookupByName("nosuch")
                            .name()),
            "path": attempt(lambda: c.storageVolLookupByPath("/no/such/vol").name())}


@case
def err_no_interface(c):
    return attempt(lambda: c.interfaceLookupByName("nosuch").name())


@case
def err_no_nodedev(c):
    return attempt(lambda: c.nodeDeviceLookupByName("nosuch").name())


@case
def err_bad_xml(c):
    return {"domain": attempt(lambda: c.defineXML("<domain").name()),
            "network": attempt(lambda: c.networkDefineXML("<network><name>x</name>").name()),
            "no_name": attempt(lambda: c.defineXML("<domain type='test'/>").name())}


@case
def err_operation_invalid(c):
    d = c.defineXML(DOM_XML)
    return {"destroy_inactive": attempt(d.destroy), "suspend_inactive": attempt(d.suspend),
            "start_running": attempt(c.lookupByName("test").create)}


@case
def err_readonly_denied(c):
    ro = libvirt.openReadOnly(RO_URI)
    try:
        d = ro.lookupByName("test")
        return {"name": d.name(), "state": d.state(), "destroy": attempt(d.destroy),
                "define": attempt(lambda: ro.defineXML(DOM_XML).name()),
                "net_destroy": attempt(ro.networkLookupByName("default").destroy),
                "still_running": d.state()}
    finally:
        ro.close()


# ---- events ----

@case
def event_lifecycle(c):
    got = []
    done = threading.Event()

    def cb(conn, dom, event, detail, opaque):
        got.append([dom.name(), event, detail])
        if len(got) >= 3:
            done.set()

    cid = c.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, cb, None)
    d = c.lookupByName("test")
    d.suspend()
    d.resume()
    d.destroy()
    done.wait(10)
    time.sleep(0.2)
    c.domainEventDeregisterAny(cid)
    return got


@case
def event_define_start_undefine(c):
    got = []
    done = threading.Event()

    def cb(conn, dom, event, detail, opaque):
        got.append([dom.name(), event, detail])
        if len(got) >= 4:
            done.set()

    cid = c.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, cb, None)
    d = c.defineXML(DOM_XML)
    d.create()
    d.destroy()
    d.undefine()
    done.wait(10)
    time.sleep(0.2)
    c.domainEventDeregisterAny(cid)
    return got


def main():
    for fn in CASES:
        try:
            c = libvirt.open(URI)
        except libvirt.libvirtError as e:
            print(json.dumps({"case": fn.__name__, "result": {"open": err(e)}}, sort_keys=True), flush=True)
            continue
        try:
            result = fn(c)
        except libvirt.libvirtError as e:
            result = {"uncaught": err(e)}
        except Exception as e:  # a script bug or a client-side failure: report it, keep going
            result = {"exception": type(e).__name__ + ": " + str(e)}
        finally:
            try:
                c.close()
            except libvirt.libvirtError:
                pass
        print(json.dumps({"case": fn.__name__, "result": result}, sort_keys=True), flush=True)


main()
