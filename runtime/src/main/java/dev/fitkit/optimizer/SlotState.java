package dev.fitkit.optimizer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Per-parameter optimizer state: a step count and named arrays ("slots", e.g. Adam's mean and
 * variance) for each parameter on each device. DJL's parameter server updates every device's copy
 * separately, so each copy has its own state.
 *
 * <p>A loaded state is not tied to the devices it was saved on: each parameter's saved copies wait
 * until the parameter is next updated, and are handed, in the order they were saved, to the devices
 * in the order they update it. A run saved on two GPUs and resumed on them goes on exactly; resumed
 * on the CPU, it goes on with the first copy's state.
 *
 * <p>Saved layout: the format (2), the slot count and each slot name (UTF), the entry count, then
 * per entry the parameter name, device type and id, step count, and each slot as its length and
 * {@link NDArray#encode()} bytes.
 */
final class SlotState {
  private static final int FORMAT = 2;

  private final List<String> slotNames;

  // By parameter id, then one entry per device: a step finds its state without building a key,
  // and on one device scans an array of one.
  private final Map<String, Entry[]> entries = new LinkedHashMap<>();
  // Loaded copies not yet given to a device, by parameter id.
  private final Map<String, Deque<Entry>> waiting = new LinkedHashMap<>();

  SlotState(List<String> slotNames) {
    this.slotNames = List.copyOf(slotNames);
  }

  /** Counts one more update of {@code weight} and returns its state; slots start at zero. */
  Entry next(String parameterId, NDArray weight) {
    Device device = weight.getDevice();
    Entry[] copies = entries.get(parameterId);
    Entry entry = copies == null ? null : on(copies, device);
    if (entry == null) {
      entry = adopt(parameterId, weight);
      add(entry);
    }
    entry.steps++;
    return entry;
  }

  /** A loaded copy of this parameter moved to the weight's device, or fresh zeros. */
  private Entry adopt(String parameterId, NDArray weight) {
    Device device = weight.getDevice();
    Deque<Entry> loaded = waiting.get(parameterId);
    Entry saved = loaded == null ? null : loaded.poll();
    if (saved == null) {
      NDArray[] slots = new NDArray[slotNames.size()];
      for (int i = 0; i < slots.length; i++) {
        slots[i] = weight.zerosLike();
      }
      return new Entry(parameterId, device, slots);
    }
    NDArray[] slots = new NDArray[saved.slots.length];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = saved.slots[i].toDevice(device, false);
      if (slots[i] != saved.slots[i]) {
        saved.slots[i].close();
      }
    }
    Entry entry = new Entry(parameterId, device, slots);
    entry.steps = saved.steps;
    return entry;
  }

  private static Entry on(Entry[] copies, Device device) {
    for (Entry copy : copies) {
      if (copy.device.equals(device)) {
        return copy;
      }
    }
    return null;
  }

  private void add(Entry entry) {
    Entry[] copies = entries.getOrDefault(entry.parameterId, new Entry[0]);
    copies = Arrays.copyOf(copies, copies.length + 1);
    copies[copies.length - 1] = entry;
    entries.put(entry.parameterId, copies);
  }

  /** Every copy's state, the ones loaded and not yet used included. */
  byte[] save(UnaryOperator<String> nameOf) {
    List<Entry> all = new ArrayList<>();
    entries.values().forEach(copies -> all.addAll(Arrays.asList(copies)));
    waiting.values().forEach(all::addAll);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      out.writeInt(slotNames.size());
      for (String name : slotNames) {
        out.writeUTF(name);
      }
      out.writeInt(all.size());
      for (Entry entry : all) {
        out.writeUTF(nameOf.apply(entry.parameterId));
        out.writeUTF(entry.device.getDeviceType());
        out.writeInt(entry.device.getDeviceId());
        out.writeInt(entry.steps);
        for (NDArray slot : entry.slots) {
          byte[] encoded = slot.encode();
          out.writeInt(encoded.length);
          out.write(encoded);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Replaces the state with a saved one, read whole before anything changes: a state that does not
   * fit leaves this one as it was.
   *
   * @throws IllegalArgumentException when the state is of another optimizer or format, or names a
   *     parameter this network does not have
   */
  void load(byte[] saved, NDManager manager, UnaryOperator<String> idOf) {
    Map<String, Deque<Entry>> loaded = new LinkedHashMap<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IllegalArgumentException(
            "the optimizer state is in format "
                + format
                + ", which this version of fitkit does not read (it reads format "
                + FORMAT
                + ")");
      }
      readNames(in);
      for (int count = in.readInt(), i = 0; i < count; i++) {
        String parameterId = idOf.apply(in.readUTF());
        Device device = Device.of(in.readUTF(), in.readInt());
        Entry entry = new Entry(parameterId, device, new NDArray[slotNames.size()]);
        entry.steps = in.readInt();
        for (int slot = 0; slot < entry.slots.length; slot++) {
          entry.slots[slot] = manager.decode(in.readNBytes(in.readInt()));
        }
        loaded.computeIfAbsent(parameterId, id -> new ArrayDeque<>()).add(entry);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("the optimizer state is truncated: " + e, e);
    } catch (RuntimeException e) {
      loaded.values().forEach(copies -> copies.forEach(Entry::close));
      throw e;
    }
    entries.values().forEach(copies -> Arrays.stream(copies).forEach(Entry::close));
    entries.clear();
    waiting.values().forEach(copies -> copies.forEach(Entry::close));
    waiting.clear();
    waiting.putAll(loaded);
  }

  private void readNames(DataInputStream in) throws IOException {
    List<String> names = new ArrayList<>();
    for (int n = in.readInt(); n > 0; n--) {
      names.add(in.readUTF());
    }
    if (!names.equals(slotNames)) {
      throw new IllegalArgumentException(
          "the optimizer state is of another optimizer: it holds slots "
              + names
              + "; this optimizer's slots are "
              + slotNames);
    }
  }

  /** The state of one parameter copy. */
  static final class Entry {
    final String parameterId;
    final Device device;
    final NDArray[] slots;
    int steps;

    private Entry(String parameterId, Device device, NDArray[] slots) {
      this.parameterId = parameterId;
      this.device = device;
      this.slots = slots;
    }

    private void close() {
      for (NDArray slot : slots) {
        if (slot != null) {
          slot.close();
        }
      }
    }
  }
}
