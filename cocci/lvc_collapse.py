#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Collapse LINUX_VERSION_CODE conditionals around kretprobe accessors.

The companion of kretprobe_legacy.cocci. SmPL in spatch 1.1.1 cannot match
#if lines (it rejects them with a parse error), so this does the one job the
semantic patch cannot: once the legacy rule has rewritten ri->rp,
ri->ret_addr and ri->task, a conditional like

    #if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
        rp = get_kretprobe(ri);
    #else
        rp = get_kretprobe(ri);      (was: ri->rp)
    #endif

says the same thing on every supported kernel and is collapsed to its body.

A conditional is collapsed when one of these holds, and nothing else:
  1. it is #if/#else/#endif (no #elif) and both branches are the same text
     after whitespace is normalised (any condition);
  2. its condition is exactly "LINUX_VERSION_CODE <op> KERNEL_VERSION(a,b,c)"
     (parentheses allowed), the answer is the same on every kernel >= the
     floor (default 5.18.0, see cocci/README.md), and one of its branches
     mentions a kretprobe accessor (get_kretprobe, get_kretprobe_retaddr,
     kretprobe_instance, ->rp, ->ret_addr).
#elif chains, #ifdef and compound conditions are left alone.

usage: lvc_collapse.py [--floor X.Y[.Z]] [--in-place] [--report] FILE...
Without --in-place the result goes to stdout. --report prints
"FILE:LINE: collapsible LINUX_VERSION_CODE conditional (...)" lines instead.
"""
import argparse
import re
import sys

DIRECTIVE = re.compile(r'^\s*#\s*(if|ifdef|ifndef|elif|else|endif)\b(.*)$')
VCOND = re.compile(
    r'^\(*\s*LINUX_VERSION_CODE\s*(>=|>|<=|<|==|!=)\s*'
    r'KERNEL_VERSION\s*\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)\s*\)*$')
ACCESSOR = re.compile(
    r'\bget_kretprobe(_retaddr)?\b|\bkretprobe_instance\b|->\s*rp\b|->\s*ret_addr\b')


def kv(a, b, c):
    return (a << 16) + (b << 8) + c


def strip_comment(s):
    s = re.sub(r'/\*.*?\*/', ' ', s)
    return s.split('//')[0].strip()


def decide(cond, floor):
    """True/False when cond has that value on every kernel >= floor."""
    m = VCOND.match(strip_comment(cond))
    if not m:
        return None
    if strip_comment(cond).count('(') != strip_comment(cond).count(')'):
        return None
    op = m.group(1)
    v = kv(int(m.group(2)), int(m.group(3)), int(m.group(4)))
    if op == '>=' and v <= floor:
        return True
    if op == '>' and v < floor:
        return True
    if op == '<' and v <= floor:
        return False
    if op == '<=' and v < floor:
        return False
    return None


def find_block(lines, start):
    """Directive line numbers of the conditional opened at lines[start]."""
    depth = 0
    marks = []
    for i in range(start, len(lines)):
        m = DIRECTIVE.match(lines[i])
        if not m:
            continue
        kind = m.group(1)
        if kind in ('if', 'ifdef', 'ifndef'):
            depth += 1
            if depth == 1:
                marks.append((i, kind))
        elif kind in ('elif', 'else'):
            if depth == 1:
                marks.append((i, kind))
        elif kind == 'endif':
            depth -= 1
            if depth == 0:
                marks.append((i, kind))
                return marks
    return None


def norm(chunk):
    return ' '.join(''.join(chunk).split())


def collapse_once(lines, floor, report, name):
    for i, line in enumerate(lines):
        m = DIRECTIVE.match(line)
        if not m or m.group(1) != 'if' or line.rstrip().endswith('\\'):
            continue
        marks = find_block(lines, i)
        if not marks or any(k == 'elif' for _, k in marks):
            continue
        if len(marks) == 2:
            then_part, else_part = lines[i + 1:marks[1][0]], None
        else:
            then_part = lines[i + 1:marks[1][0]]
            else_part = lines[marks[1][0] + 1:marks[2][0]]
        end = marks[-1][0]
        keep = None
        why = None
        if else_part is not None and norm(then_part) == norm(else_part):
            keep, why = then_part, 'both branches are the same'
        else:
            val = decide(m.group(2), floor)
            body = ''.join(then_part + (else_part or []))
            if val is not None and ACCESSOR.search(body):
                keep = then_part if val else (else_part or [])
                why = 'always %s on kernels >= %d.%d' % (
                    'true' if val else 'false', floor >> 16, (floor >> 8) & 255)
        if keep is None:
            continue
        if report:
            print('%s:%d: collapsible LINUX_VERSION_CODE conditional (%s)'
                  % (name, i + 1, why))
            # mark as seen so the scan goes on past it
            lines[i] = lines[i].replace('#', '#/*seen*/', 1)
            return lines, True
        return lines[:i] + keep + lines[end + 1:], True
    return lines, False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--floor', default='5.18.0')
    ap.add_argument('--in-place', action='store_true')
    ap.add_argument('--report', action='store_true')
    ap.add_argument('files', nargs='+')
    a = ap.parse_args()
    parts = [int(x) for x in (a.floor.split('.') + ['0', '0'])[:3]]
    floor = kv(*parts)
    total = 0
    for f in a.files:
        try:
            with open(f, encoding='utf-8', errors='surrogateescape') as fh:
                lines = fh.readlines()
        except OSError as e:
            sys.exit('lvc_collapse: %s' % e)
        changed = True
        n = 0
        while changed:
            lines, changed = collapse_once(lines, floor, a.report, f)
            n += changed
        total += n
        if a.report:
            continue
        out = ''.join(lines)
        if a.in_place:
            if n:
                with open(f, 'w', encoding='utf-8',
                          errors='surrogateescape') as fh:
                    fh.write(out)
        else:
            sys.stdout.write(out)
    if a.in_place or a.report:
        print('lvc_collapse: %d conditional(s) %s' %
              (total, 'collapsible' if a.report else 'collapsed'),
              file=sys.stderr)


if __name__ == '__main__':
    main()
