package io.layerloom.model.json;

import io.layerloom.model.graph.Block;
import io.layerloom.model.graph.BlockRules;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.json.JsonValue.*;
import io.layerloom.model.util.Suggest;
import io.layerloom.model.util.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a file's "blocks" (format version 2) for {@link GraphReader}, with its errors and their places. */
final class BlockListReader {

    static final List<String> BLOCK_FIELDS = List.of("id", "type", "members", "collapsed", "position");

    private final GraphReader r;

    BlockListReader(GraphReader reader) {
        this.r = reader;
    }

    /** The optional "blocks" array (format version 2), checked against {@link BlockRules}. */
    List<Block> blocks(JsonValue v, List<Node> nodes) throws GraphFormatException {
        r.field = "blocks";
        if (!(v instanceof JArray arr)) {
            throw r.error(v.at(), "must be an array of blocks such as [{\"id\": \"layer1.0\", \"type\": \"BasicBlock\", "
                    + "\"members\": [\"conv1\", \"bn1\"]}], got " + v.typeName() + ".");
        }
        List<Block> out = new ArrayList<>();
        for (JsonValue item : arr.items()) {
            out.add(block(item, out.size()));
        }
        List<BlockRules.Problem> problems = BlockRules.problems(nodes, out);
        if (!problems.isEmpty()) {
            BlockRules.Problem p = problems.get(0);
            JObject block = (JObject) arr.items().get(p.block());
            Member m = block.members().get(p.field());
            Location at = m == null ? block.at()
                    : p.member() >= 0 && m.value() instanceof JArray members ? members.items().get(p.member()).at()
                    : m.value().at();
            r.field = null;
            throw r.error(at, p.message());
        }
        r.field = null;
        return out;
    }

    private Block block(JsonValue item, int index) throws GraphFormatException {
        r.field = null;
        String where = "block #" + (index + 1);
        if (!(item instanceof JObject obj)) {
            throw r.error(item.at(), where + " must be an object {\"id\": ..., \"type\": ..., \"members\": [...]}, got "
                    + item.typeName() + ".");
        }
        for (Member m : obj.members().values()) {
            if (!BLOCK_FIELDS.contains(m.key())) {
                throw r.error(m.keyAt(), where + ": unknown field '" + Text.display(m.key()) + "'." + Suggest.didYouMean(m.key(), BLOCK_FIELDS)
                        + " A block's fields are: " + String.join(", ", BLOCK_FIELDS) + ".");
            }
        }
        Member id = obj.members().get("id");
        if (id == null || !(id.value() instanceof JString idValue)) {
            throw r.error(id == null ? obj.at() : id.value().at(), where + " needs an \"id\" string, its name, such as "
                    + "\"layer1.0\".");
        }
        where = "block '" + Text.display(idValue.value()) + "'";
        Member type = obj.members().get("type");
        if (type == null || !(type.value() instanceof JString typeValue)) {
            throw r.error(type == null ? obj.at() : type.value().at(), where + " needs a \"type\" string, such as "
                    + "\"BasicBlock\", \"Bottleneck\" or \"Inception\".");
        }
        Member members = obj.members().get("members");
        if (members == null || !(members.value() instanceof JArray list)) {
            throw r.error(members == null ? obj.at() : members.value().at(), where + " needs \"members\", an array of the "
                    + "ids of its nodes, such as [\"conv1\", \"bn1\"].");
        }
        List<String> ids = new ArrayList<>();
        for (JsonValue m : list.items()) {
            if (!(m instanceof JString s)) {
                throw r.error(m.at(), where + ": each member must be a node id string, got " + m.typeName() + GraphReader.describe(m) + ".");
            }
            ids.add(s.value());
        }
        boolean collapsed = false;
        Member c = obj.members().get("collapsed");
        if (c != null) {
            if (!(c.value() instanceof JBool b)) {
                throw r.error(c.value().at(), where + ": \"collapsed\" must be true or false, got " + c.value().typeName()
                        + GraphReader.describe(c.value()) + ".");
            }
            collapsed = b.value();
        }
        Optional<Position> pos = r.position(obj);
        r.field = null;
        return new Block(idValue.value(), typeValue.value(), ids, collapsed, pos);
    }
}
