package org.openmetadata.secrets.gitops;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;

/**
 * Runs an Argo CD resource health check (Lua) the way Argo CD does: the resource as the global
 * {@code obj}, the script's return value read as {@code {status, message}}. The libraries are Argo
 * CD's default sandbox (base, package, table; Argo CD adds a reduced os library, which no check
 * here uses), so a script that needs the string library fails here as it would in Argo CD.
 *
 * <p>luaj implements Lua 5.2 where Argo CD embeds gopher-lua (Lua 5.1); the scripts tested here use
 * only what the two share. Numbers become Lua numbers as in gopher-lua, where every number is a
 * float64 and an integral one prints without a fraction.
 */
final class ArgoCdHealthCheck {

  static final Path ROOT = Path.of("").toAbsolutePath();

  /** What a health check returns. */
  record Health(String status, String message) {}

  private final String script;

  private ArgoCdHealthCheck(String script) {
    this.script = script;
  }

  static ArgoCdHealthCheck load(Path path) {
    try {
      return new ArgoCdHealthCheck(Files.readString(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The health of the resource given as JSON. */
  Health evaluate(String resourceJson) {
    Object resource;
    try {
      resource = Serialization.jsonMapper().readValue(resourceJson, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + resourceJson, e);
    }
    Globals globals = new Globals();
    globals.load(new JseBaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    LoadState.install(globals);
    LuaC.install(globals);
    globals.set("obj", toLua(resource));
    LuaValue result = globals.load(script, "health.lua").call();
    if (!result.istable()) {
      throw new AssertionError("the health check returned " + result.typename() + ", not a table");
    }
    LuaValue status = result.get("status");
    LuaValue message = result.get("message");
    return new Health(
        status.isnil() ? null : status.checkjstring(),
        message.isnil() ? null : message.checkjstring());
  }

  /** JSON as Jackson reads it (maps, lists, strings, numbers, booleans, nulls) to Lua values. */
  static LuaValue toLua(Object json) {
    if (json == null) {
      return LuaValue.NIL;
    }
    if (json instanceof Map<?, ?> map) {
      LuaTable table = new LuaTable();
      map.forEach((key, value) -> table.set(String.valueOf(key), toLua(value)));
      return table;
    }
    if (json instanceof List<?> list) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < list.size(); i++) {
        table.set(i + 1, toLua(list.get(i)));
      }
      return table;
    }
    if (json instanceof String string) {
      return LuaValue.valueOf(string);
    }
    if (json instanceof Boolean bool) {
      return LuaValue.valueOf(bool);
    }
    if (json instanceof Number number) {
      return LuaValue.valueOf(number.doubleValue());
    }
    throw new IllegalArgumentException("not a JSON value: " + json.getClass());
  }
}
