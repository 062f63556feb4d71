package org.jvirt.qemu.monitor;

/**
 * An asynchronous QMP event, e.g. {@code {"event": "STOP", "data": {}, "timestamp": {"seconds": 1, "microseconds": 2}}}.
 * {@code data} is an empty object when QEMU sent none.
 */
public record QmpEvent(String name, Json.Obj data, long seconds, long microseconds) {

    static QmpEvent from(Json.Obj msg) {
        Json.Obj ts = msg.obj("timestamp");
        Json.Obj data = msg.obj("data");
        return new QmpEvent(msg.str("event"), data == null ? Json.object() : data,
                ts == null ? -1 : ts.num("seconds", -1), ts == null ? -1 : ts.num("microseconds", -1));
    }
}
