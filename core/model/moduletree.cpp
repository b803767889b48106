// SPDX-License-Identifier: GPL-3.0-or-later
#include "moduletree.h"

#include "formula/context.h"
#include "formula/number.h"

#include <algorithm>
#include <cctype>
#include <functional>

namespace lmp::model {

bool isAnalysisContextName(std::string_view name)
{
    return formula::isContextVariable(name);
}

Int Tensor::elements() const
{
    Int n = 1;
    for (Int d : shape) {
        if (__builtin_mul_overflow(n, d, &n))
            return -1;
    }
    return n;
}

const formula::Number* Node::param(std::string_view name) const
{
    for (const auto& p : params) {
        if (p.name == name)
            return &p.value;
    }
    return nullptr;
}

NodeId ModuleTree::add(Node node)
{
    // Canonical text of the node; children are already canonical, so their ids stand for their subtrees.
    std::string key = node.classPath;
    key += '|';
    for (const auto& p : node.params) {
        key += p.name;
        key += '=';
        key += p.deferred() ? p.expression : p.value.toString();
        key += ',';
    }
    key += '|';
    for (const auto& t : node.tensors) {
        key += t.name;
        key += '[';
        for (Int d : t.shape) {
            key += formula::toString(d);
            key += ',';
        }
        key += ']';
        key += t.tiedTo;
        key += ';';
    }
    key += '|';
    for (const auto& c : node.children) {
        key += c.name;
        key += ':';
        key += std::to_string(c.node);
        key += ',';
    }
    const auto it = m_canonical.find(key);
    if (it != m_canonical.end())
        return it->second;

    node.ownParams = 0;
    for (const auto& t : node.tensors) {
        if (t.tiedTo.empty())
            node.ownParams += t.elements();
    }
    node.inclusiveParams = node.ownParams;
    node.instances = 1;
    for (const auto& c : node.children) {
        node.inclusiveParams += m_nodes[c.node].inclusiveParams;
        node.instances += m_nodes[c.node].instances;
    }
    const auto id = static_cast<NodeId>(m_nodes.size());
    m_nodes.push_back(std::move(node));
    m_canonical.emplace(std::move(key), id);
    return id;
}

void ModuleTree::walk(const std::function<bool(const std::string&, const Node&, int)>& visit, int maxDepth) const
{
    if (m_nodes.empty())
        return;
    struct Frame
    {
        NodeId node;
        std::string name;
        int depth;
    };
    std::vector<Frame> stack;
    stack.push_back({ m_root, std::string(), 0 });
    while (!stack.empty()) {
        Frame f = std::move(stack.back());
        stack.pop_back();
        const Node& n = m_nodes[f.node];
        if (!visit(f.name, n, f.depth))
            continue;
        if (maxDepth >= 0 && f.depth >= maxDepth)
            continue;
        for (auto it = n.children.rbegin(); it != n.children.rend(); ++it)
            stack.push_back({ it->node, f.name.empty() ? it->name : f.name + "." + it->name, f.depth + 1 });
    }
}

std::vector<std::string> ModuleTree::firstInstanceNames() const
{
    std::vector<std::string> names(m_nodes.size());
    std::vector<bool> seen(m_nodes.size(), false);
    // A node seen before has its whole subtree seen too: 75k DeepSeek-V3 instances are a few hundred visits.
    walk([&](const std::string& name, const Node& node, int) {
        const auto id = static_cast<std::size_t>(&node - m_nodes.data());
        if (seen[id])
            return false;
        seen[id] = true;
        names[id] = name;
        return true;
    });
    return names;
}

const Node* ModuleTree::find(std::string_view fullName) const
{
    if (m_nodes.empty())
        return nullptr;
    const Node* current = &m_nodes[m_root];
    std::size_t start = 0;
    while (start < fullName.size()) {
        const auto dot = fullName.find('.', start);
        const std::string_view part =
            fullName.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        const Node* next = nullptr;
        for (const auto& c : current->children) {
            if (c.name == part) {
                next = &m_nodes[c.node];
                break;
            }
        }
        if (!next)
            return nullptr;
        current = next;
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    return current;
}

std::string treeTable(const ModuleTree& tree, int maxDepth, bool expandRuns)
{
    if (!tree.storedNodes())
        return {};
    struct Line
    {
        std::string name;
        std::string cls;
        std::string params;
    };
    std::vector<Line> lines;
    // transformers.models.llama.modeling_llama.LlamaAttention -> LlamaAttention (JSON keeps the full path).
    auto shortClass = [](const std::string& cls) {
        return cls.rfind("transformers.models.", 0) == 0 ? cls.substr(cls.rfind('.') + 1) : cls;
    };
    auto numbered = [](const std::string& name) {
        return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isdigit(c); });
    };
    std::function<void(const std::string&, NodeId, int, const std::string&)> visit =
        [&](const std::string& label, NodeId id, int depth, const std::string& each) {
            const Node& n = tree.node(id);
            lines.push_back({ std::string(static_cast<std::size_t>(depth) * 2, ' ') + label, shortClass(n.classPath),
                formula::grouped(formula::Number::integer(n.inclusiveParams)) + each });
            if (maxDepth >= 0 && depth >= maxDepth)
                return;
            for (std::size_t i = 0; i < n.children.size();) {
                std::size_t j = i + 1;
                if (!expandRuns && numbered(n.children[i].name)) {
                    while (j < n.children.size() && n.children[j].node == n.children[i].node
                        && numbered(n.children[j].name))
                        ++j;
                }
                const auto& first = n.children[i];
                if (j - i > 1)
                    visit(first.name + "-" + n.children[j - 1].name + "  x" + std::to_string(j - i), first.node,
                        depth + 1, " each");
                else
                    visit(first.name, first.node, depth + 1, "");
                i = j;
            }
        };
    visit("(model)", tree.root(), 0, "");
    std::size_t nameWidth = 6;
    std::size_t classWidth = 5;
    for (const auto& l : lines) {
        nameWidth = std::max(nameWidth, l.name.size());
        classWidth = std::max(classWidth, l.cls.size());
    }
    auto pad = [](std::string s, std::size_t width) {
        s.resize(std::max(s.size(), width), ' ');
        return s;
    };
    std::string out = pad("MODULE", nameWidth + 2) + pad("CLASS", classWidth + 2) + "PARAMS\n";
    for (const auto& l : lines)
        out += pad(l.name, nameWidth + 2) + pad(l.cls, classWidth + 2) + l.params + "\n";
    return out;
}

} // namespace lmp::model
