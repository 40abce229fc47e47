#!/usr/bin/python3
"""Generate the default scenario `varnia` (scenario format 2).

    /usr/bin/python3 scripts/make_varnia.py [--out DIR]

writes DIR/scenario.yaml, DIR/assets.csv and DIR/links.csv (DIR defaults to
data/scenarios/varnia beside this script's repository). Standard library only;
one fixed seed, no iteration over hashed containers, fixed number formatting:
rerunning gives identical bytes. The region is fictitious. Which public figure
each value follows is written in data/scenarios/varnia/README.md; the
constants below carry the same names as the README's tables, and a value with
no public anchor says so ("none: sweep it").

Units: durations in steps of 1 h; probabilities per step; criticality in
thousands of people served (defence: a relative operational weight).
"""

import argparse
import csv
import heapq
import io
import os
import random

SEED = 20240521  # fixed: the tables are data, not a random draw per run

# ===================================================================================
# Geography: three states, their regions and populations [thousand people]
# ===================================================================================
STATES = [
    # state, id prefix, coastal, regions (code, name, population), capital first
    ("varnia", "va", True, [("cap", "Varn Capital", 1400), ("kes", "Kessa Coast", 800),
                            ("ost", "Ostmark", 600), ("sud", "Sudland", 400)]),
    ("brenmark", "br", True, [("hav", "Havnby", 1000), ("nor", "Nordal", 600)]),
    ("lusca", "lu", False, [("lus", "Lusa", 700), ("hil", "Hillmark", 500)]),
]
STATE_NAMES = [s[0] for s in STATES]
POPULATION = {s[0]: sum(n for _, _, n in s[3]) for s in STATES}
NEIGHBOURS = [("varnia", "brenmark"), ("varnia", "lusca"), ("brenmark", "lusca")]
# where each state's end of an interconnector and its satellite ground station lie
IC_REGION = {("varnia", "brenmark"): "kes", ("varnia", "lusca"): "ost",
             ("brenmark", "varnia"): "nor", ("brenmark", "lusca"): "nor",
             ("lusca", "varnia"): "hil", ("lusca", "brenmark"): "lus"}
GROUND_STATION_REGION = {"varnia": "kes", "brenmark": "nor", "lusca": "hil"}


def per_step(median_hours):
    """Per-step probability whose geometric waiting time has this median [h]."""
    return 1.0 - 2.0 ** (-1.0 / median_hours)


# ===================================================================================
# Assets
# ===================================================================================
DWELL_DAYS = {  # median intrusion -> detection [days] by monitoring tier
    "soc": 9,      # SOC-monitored IT: M-Trends 2023, internal detection 9 d
    "it": 14,      # ordinary IT and OT control rooms: M-Trends 2025 global median 14 d
    "field": 25,   # field OT with little visibility: M-Trends 2025 external notification 25 d
    "mil": 5,      # defence networks: none ("defence detects faster"): sweep it
}
DETECTION = {tier: per_step(24.0 * days) for tier, days in DWELL_DAYS.items()}

# Lateral movement probabilities per step (before nu_v and intensity); none: sweep them
P_MSP = 0.008       # managed-service provider remote tools -> customer IT
P_MSP_BACK = 0.005  # customer IT -> MSP (shared credentials)
P_VENDOR = 0.02     # OT vendor remote-maintenance portal -> control rooms
P_IT_OT = 0.03      # corporate IT -> OT control room of the same operator
P_OT_FIELD = 0.003  # control room -> field device (substation, pumping station)
P_ESTATE = 0.01     # within one IT estate (hub -> member)
P_ESTATE_BACK = 0.005
P_HUB = 0.002       # shared sector network hub (government network) -> member and back
P_PEER = 0.004      # between organisations on a shared network (hosting, payments, ICCP)
P_CELL = 0.004      # aggregation node -> cell site management
P_MIL = 0.0025      # within accredited, segmented defence networks
P_SATCOM = 0.05     # teleport -> terminal fleet management push (AcidRain, Viasat 2022)

# Vulnerability nu by kind of asset; none: sweep it
NU_IT, NU_CC, NU_FIELD, NU_MIL, NU_HARD = 0.6, 0.45, 0.2, 0.3, 0.15

# Buffers [steps]
CELL_BUFFERS = [(0, 0.4), (2, 0.35), (4, 0.25)]  # ~30 min (<1 step) / 2 h urban / 4 h rural
DATA_CENTRE_BUFFER = 12   # Uptime: >= 12 h fuel on site
WATER_BUFFER = 72         # AWWA: 72 h without power
PUMP_BUFFER = 48          # elevated storage; none
HOSPITAL_BUFFERS = [(24, 0.21), (48, 0.3), (96, 0.29), (168, 0.2)]  # DKI 2022; 96 h Joint Commission
CORE_BUFFER = 24          # central offices: proposed (never adopted) US 24 h rule, weak
AGG_BUFFER = 8            # street cabinets / aggregation: proposed US 8 h rule, weak
CONTROL_ROOM_BUFFER = 24  # generator at a control room; none

# Manual restoration m_i [steps] (supply-down assets only). Energy assets leave the
# cell empty and take simulation.manual_restoration (5 steps, Ukraine 2015).
M_CELL = 24      # mobile generators / temporary backhaul; none
M_WATER = 12
M_CLINIC = 8     # paper-based working
M_RAIL = 4       # signalling by written order
M_PORT = 24      # Maersk 2017: ~80 % of volume handled manually while IT was rebuilt
M_GOV = 24
M_NEVER = "never"  # cash machines and card payments cannot run by hand
M_OTHER = 12     # any other non-energy site: portable generators, work-arounds; none

# ===================================================================================
# Organisations: levels, teams, recovery crews, mandates
# ===================================================================================
# Operator kinds per state: (suffix, sector label, detection capability).
OPERATORS = [("grid", "energy"), ("telecom", "telecoms"), ("water", "water"), ("finance", "finance"),
             ("health", "health"), ("transport", "transport")]
# Response teams (units that evict an attacker from one asset at a time) and recovery
# crews (units that rebuild one disrupted asset at a time). None: sweep them.
TEAMS = {"varnia": 3, "brenmark": 2, "lusca": 2}            # per operator
HEALTH_TEAMS = {"varnia": 2, "brenmark": 1, "lusca": 1}     # hospital groups: the weakest
CSIRT_TEAMS = {"varnia": 4, "brenmark": 3, "lusca": 3}
DEFENCE_TEAMS = 2
CREWS = {"grid": 4, "telecom": 3, "water": 2, "finance": 2, "health": 3, "transport": 2,
         "csirt": 2, "defence": 2}
UNION_TEAMS = 2      # EU Cybersecurity Reserve; PESCO CRRTs of 8-12 experts
ALLIANCE_TEAMS = 3   # NATO rapid reaction teams of about 6 people (weak)
ALLIANCE_RESERVE = 1

# Remediation (eviction) time of one asset by one team [h], lognormal (median, sigma)
REMEDIATION = {"operator": (36, 0.9), "health": (72, 1.0), "csirt": (30, 0.8), "defence": (30, 0.7),
               "alliance": (24, 0.6), "union": (30, 0.8)}
# Restoration (rebuild) time of one disrupted asset by one crew [h], lognormal
RESTORATION = {"grid": (24, 0.8), "telecom": (24, 0.8), "water": (48, 0.8), "finance": (72, 1.0),
               "health": (120, 1.0), "transport": (96, 1.0), "csirt": (96, 1.0), "defence": (48, 0.8),
               "nordlink": (72, 1.0), "varnsat": (48, 0.8), "regional-clearing": (72, 1.0)}
DETECTION_CAPABILITY = {"health": 0.6, "defence": 1.25, "alliance": 1.5, "nordlink": 0.8}

# Assistance mandates: (approval probability, approval delay [h], deployment delay [h], reserve)
CSIRT_ASSISTS = (0.9, 4, 4, 1)       # national CSIRT -> its operators; none: sweep it
UNION_ASSISTS = (0.8, 48, 24, 0)     # approval 1-3 days (none); CRRT within 72 h (PESCO)
ALLIANCE_ASSISTS = (0.7, 48, 12, ALLIANCE_RESERVE)  # none: sweep it; fast once approved

# Information-sharing channels [h, probability, share of the boost]: the hub network.
CHANNELS = {
    "operator->csirt": (24, 0.9, 1.0),    # NIS2 Art. 23 early warning within 24 h
    "csirt->operator": (12, 1.0, 0.75),   # national advisory with indicators; none
    "csirt<->csirt": (12, 0.7, 0.75),     # CSIRTs network between neighbours; none
    "csirt<->union": (24, 0.9, 0.75),     # none
    "csirt<->alliance": (24, 0.6, 0.5),   # bodies that do not fully share; none
    "union<->alliance": (24, 0.5, 0.5),   # structured dialogue; none
    "defence<->alliance": (4, 0.9, 0.9),  # military channel; none
    "defence->csirt": (24, 0.6, 0.75),    # none
    "csirt->defence": (12, 0.9, 0.75),    # none
}

# ===================================================================================
# Campaigns and simulation settings
# ===================================================================================
HORIZON = 1008             # 42 days [steps]
STATE_ACTOR_PAYLOAD_FROM = 336   # day 14: the set time of the destructive phase
RANSOMWARE_START = 168     # day 7
STATE_ACTOR_INTENSITY = 0.3
RANSOMWARE_INTENSITY = 2
REINFECTION_FACTOR = 0.25


class Builder:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.assets = []        # list of dicts, table order
        self.index = {}         # id -> dict
        self.links = {}         # (u, v) -> [p or None, w or None]; insertion order kept

    def asset(self, aid, sector, org, name, state, crit, nu, det, buffer=0,
              threshold=1.0, restore=0, manual=""):
        assert aid not in self.index, aid
        assert state in STATE_NAMES, state
        if manual == "" and sector != "energy":
            manual = M_OTHER
        row = dict(id=aid, sector=sector, organisation=org, name=name, state=state,
                   criticality=crit, vulnerability=nu, detection=det, buffer=buffer,
                   threshold=threshold, restore=restore, manual_restoration=manual)
        self.assets.append(row)
        self.index[aid] = row
        return aid

    def net(self, u, v, p):
        assert u != v and u in self.index and v in self.index, (u, v)
        entry = self.links.setdefault((u, v), [None, None])
        entry[0] = p if entry[0] is None else max(entry[0], p)

    def net2(self, u, v, p_out, p_back):
        self.net(u, v, p_out)
        self.net(v, u, p_back)

    def dep(self, u, v, w=1.0):
        """v needs u's service with weight w."""
        assert u != v and u in self.index and v in self.index, (u, v)
        entry = self.links.setdefault((u, v), [None, None])
        entry[1] = w if entry[1] is None else entry[1] + w

    def pick(self, items, k=1):
        return self.rng.sample(items, k) if k > 1 else [self.rng.choice(items)]

    def weighted(self, table):
        x = self.rng.random()
        for value, share in table:
            x -= share
            if x < 0:
                return value
        return table[-1][0]


def fmt(x):
    if isinstance(x, str):
        return x
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if x == int(x) and abs(x) < 1e9:
        return str(int(x))
    s = f"{x:.4g}"
    assert "e" not in s, x
    return s


class StateGrid:
    """What one state's builder leaves for the cross-border wiring (attributes set there)."""


def build_state(b, state, p, coastal, regions, shared):
    """Every sector of one state. `p` prefixes ids; `shared` holds cross-border assets."""
    soc, it, field, mil = (DETECTION[k] for k in ("soc", "it", "field", "mil"))
    pop = {code: n for code, _, n in regions}
    label = {code: name for code, name, _ in regions}
    R = [code for code, _, _ in regions]
    cap = R[0]
    total = sum(pop.values())
    org = {kind: f"{state}-{kind}" for kind, _ in OPERATORS}
    csirt, defence = f"{state}-csirt", f"{state}-defence"
    g = StateGrid()
    g.state, g.prefix, g.regions = state, p, R

    def where(reg, text):
        return f"{text} ({label[reg]})"

    # ================= ENERGY ===================================================
    # Generation and interconnector terminals feed transmission substations; each
    # region's distribution system has a SCADA control room over its distribution
    # substations, which feed the feeders that serve people.
    n_gen = 2 + total // 1000
    kinds = ["thermal", "hydro", "wind", "chp", "thermal", "gas"]
    n_sources = n_gen + 2
    gens = []
    for k in range(1, n_gen + 1):
        reg = R[(k - 1) % len(R)]
        gens.append(b.asset(f"{p}-en-gen-{k}", "energy", org["grid"],
                            where(reg, f"{kinds[(k - 1) % len(kinds)]} plant {k}"), state,
                            round(0.1 * total / n_sources, 1), NU_FIELD, it, restore=6))
    g.gens = gens
    g.tso_it = b.asset(f"{p}-en-tso-it", "energy", org["grid"], "TSO corporate IT", state, 1, NU_IT, soc,
                       restore=24)
    g.tso_cc = b.asset(f"{p}-en-tso-cc", "energy", org["grid"], "TSO national control centre", state,
                       round(0.05 * total), NU_CC, soc, buffer=CONTROL_ROOM_BUFFER, threshold=0.6,
                       restore=12)
    g.ts, g.feeders, g.dso_cc = {}, {}, {}
    ds = {}
    for reg in R:
        n_ts = 2 + pop[reg] // 500
        reach = pop[reg] / n_ts
        g.ts[reg] = [b.asset(f"{p}-en-ts-{reg}-{k:02d}", "energy", org["grid"],
                             where(reg, f"transmission substation {k}"), state, round(0.1 * reach, 1),
                             NU_FIELD, field, threshold=0.5, restore=4)
                     for k in range(1, n_ts + 1)]
        dso_it = b.asset(f"{p}-en-dso-{reg}-it", "energy", org["grid"], where(reg, "DSO corporate IT"),
                         state, 1, NU_IT, it, restore=24)
        g.dso_cc[reg] = b.asset(f"{p}-en-dso-{reg}-cc", "energy", org["grid"],
                                where(reg, "DSO SCADA control room"), state, round(0.1 * pop[reg]), NU_CC,
                                it, buffer=CONTROL_ROOM_BUFFER, threshold=0.6, restore=12)
        b.net2(dso_it, g.dso_cc[reg], P_IT_OT, P_ESTATE_BACK)
        if reg != cap:   # the smaller distribution companies outsource IT operations
            b.net2(shared["msp"], dso_it, P_MSP, P_MSP_BACK)
        b.net2(shared["vendor"], g.dso_cc[reg], P_VENDOR, P_MSP_BACK)
        n_ds = 8 + pop[reg] // 70
        ds[reg], g.feeders[reg] = [], []
        n_feed = [b.rng.randint(2, 4) for _ in range(n_ds)]
        per_feeder = pop[reg] / sum(n_feed)
        for k in range(1, n_ds + 1):
            sid = b.asset(f"{p}-en-ds-{reg}-{k:02d}", "energy", org["grid"],
                          where(reg, f"distribution substation {k}"), state,
                          round(0.1 * per_feeder * n_feed[k - 1], 2), NU_FIELD, field, threshold=0.7,
                          restore=1)
            ds[reg].append(sid)
            for j in range(1, n_feed[k - 1] + 1):
                fid = b.asset(f"{p}-en-fd-{reg}-{k:02d}-{j}", "energy", org["grid"],
                              where(reg, f"feeder {k}.{j}"), state, round(per_feeder, 2), 0.0, field,
                              restore=1, manual=6)
                g.feeders[reg].append(fid)
                b.dep(sid, fid, 1.0)
    b.net2(g.tso_it, g.tso_cc, P_IT_OT, P_ESTATE_BACK)
    b.net2(shared["vendor"], g.tso_cc, P_VENDOR, P_MSP_BACK)
    for src in gens:
        b.net(g.tso_cc, src, P_OT_FIELD)
    # distribution: power from one or two transmission substations (weight 1 each) and
    # SCADA control from the DSO room (weight 2.5 dual-fed / 1 single-fed); theta 0.7:
    # losing one of two feeds is tolerated, losing control trips the substation until
    # crews take over by hand (Ukraine 2015).
    for reg in R:
        for k, sid in enumerate(ds[reg]):
            dual = k % 2 == 0
            for t in b.pick(g.ts[reg], 2 if dual else 1):
                b.dep(t, sid, 1.0)
            b.dep(g.dso_cc[reg], sid, 2.5 if dual else 1.0)
            b.net(g.dso_cc[reg], sid, P_OT_FIELD)

    def feeder(reg):
        return b.rng.choice(g.feeders[reg])

    def two_feeders(reg):
        first = b.rng.choice(g.feeders[reg])
        while True:
            second = b.rng.choice(g.feeders[reg])
            if second.rsplit("-", 1)[0] != first.rsplit("-", 1)[0]:
                return [first, second]

    g.feeder, g.two_feeders = feeder, two_feeders

    # ================= TELECOMS =================================================
    tc = org["telecom"]
    g.tc_it = b.asset(f"{p}-tc-it", "telecoms", tc, "telecom operator corporate IT", state, 1, NU_IT, soc,
                      restore=24)
    g.dcs = [b.asset(f"{p}-tc-dc-{k}", "telecoms", tc, where(reg, f"carrier-neutral data centre {k}"),
                     state, round(0.02 * total), NU_HARD, soc, buffer=DATA_CENTRE_BUFFER, threshold=0.5,
                     restore=12)
             for k, reg in ((1, cap), (2, R[1]))]
    g.cores = {}
    for reg in R:
        n = 2 if reg == cap else 1
        g.cores[reg] = [b.asset(f"{p}-tc-core-{reg}-{k}", "telecoms", tc, where(reg, f"core switching centre {k}"),
                                state, round(0.1 * pop[reg] / n), NU_CC, soc, buffer=CORE_BUFFER,
                                threshold=0.75, restore=8)
                        for k in range(1, n + 1)]
    core_list = [c for reg in R for c in g.cores[reg]]
    main_core, second_core = g.cores[cap][0], g.cores[cap][1]
    g.main_core, g.second_core = main_core, second_core
    g.agg = {}
    for reg in R:
        n_agg = 2 + pop[reg] // 300
        g.agg[reg] = [b.asset(f"{p}-tc-agg-{reg}-{k}", "telecoms", tc, where(reg, f"aggregation node {k}"),
                              state, round(0.1 * pop[reg] / n_agg, 1), NU_FIELD, field, buffer=AGG_BUFFER,
                              threshold=0.75, restore=2, manual=M_CELL)
                      for k in range(1, n_agg + 1)]
        n_cell = 12 + pop[reg] // 35
        for k in range(1, n_cell + 1):
            cid = b.asset(f"{p}-tc-cell-{reg}-{k:03d}", "telecoms", tc, where(reg, f"mobile cell site {k}"),
                          state, round(pop[reg] / n_cell, 2), NU_FIELD, field,
                          buffer=b.weighted(CELL_BUFFERS), restore=1, manual=M_CELL)
            a = g.agg[reg][(k - 1) % n_agg]
            b.dep(feeder(reg), cid, 1.0)
            b.dep(a, cid, 1.0)
            b.net(a, cid, P_CELL)
    # cores need power (2), GNSS timing (0.5) and international transit (0.5); theta 0.75
    # tolerates losing timing or transit, not both; aggregation needs power (2), one of
    # two cores (1 + 1) and timing (0.5), theta 0.75.
    for reg in R:
        for c in g.cores[reg]:
            b.dep(feeder(reg), c, 2.0)
            b.net2(g.tc_it, c, P_IT_OT, P_ESTATE_BACK)
        for a in g.agg[reg]:
            b.dep(feeder(reg), a, 2.0)
            ups = [g.cores[reg][0], main_core if g.cores[reg][0] != main_core else second_core]
            for c in ups:
                b.dep(c, a, 1.0)
            b.net(ups[0], a, P_OT_FIELD)
    for c in core_list:
        for other in core_list:
            if other != c:
                b.net(c, other, P_PEER)
    g.region_core = {reg: g.cores[reg][0] for reg in R}
    g.backup_core = {reg: (main_core if g.cores[reg][0] != main_core else second_core) for reg in R}
    for k, dc in enumerate(g.dcs):
        for f in two_feeders(cap if k == 0 else R[1]):
            b.dep(f, dc, 1.0)
    # international transit: a cable landing station on the coast, an international
    # gateway in the capital (cross-border fibre is wired in build())
    g.igw = b.asset(f"{p}-tc-igw", "telecoms", tc, where(cap, "international gateway and exchange point"),
                    state, round(0.02 * total), NU_HARD, soc, buffer=CORE_BUFFER, threshold=0.5, restore=8)
    b.dep(feeder(cap), g.igw, 0.5)   # generator-backed: counted with the transit inputs below
    b.net(main_core, g.igw, P_OT_FIELD)
    g.cls = None
    if coastal:
        g.cls = b.asset(f"{p}-tc-cls", "telecoms", tc, where(R[1], "subsea cable landing station"), state,
                        round(0.02 * total), NU_HARD, field, buffer=CORE_BUFFER, threshold=1.0, restore=8)
        b.dep(feeder(R[1]), g.cls, 1.0)
        b.net(main_core, g.cls, P_OT_FIELD)
    for c in core_list:
        b.dep(g.igw, c, 0.5)
    # "energy needs telecoms": control rooms need power (2) and one of two cores (1 + 1);
    # theta 0.6 of 4 rides through losing one core, not power or both cores, beyond
    # their generator buffer.
    for reg in R:
        b.dep(feeder(reg), g.dso_cc[reg], 2.0)
        b.dep(g.region_core[reg], g.dso_cc[reg], 1.0)
        b.dep(g.backup_core[reg], g.dso_cc[reg], 1.0)
    b.dep(feeder(cap), g.tso_cc, 2.0)
    b.dep(main_core, g.tso_cc, 1.0)
    b.dep(second_core, g.tso_cc, 1.0)

    # ================= WATER ====================================================
    wa = org["water"]
    g.water_ps = {}
    for reg in R:
        w_it = b.asset(f"{p}-wa-{reg}-it", "water", wa, where(reg, "water utility corporate IT"), state, 1,
                       NU_IT, it, restore=24)
        scada = b.asset(f"{p}-wa-{reg}-scada", "water", wa, where(reg, "water SCADA control room"), state,
                        round(0.1 * pop[reg]), NU_CC, it, buffer=CONTROL_ROOM_BUFFER, threshold=0.6,
                        restore=12, manual=M_WATER)
        b.net2(w_it, scada, P_IT_OT, P_ESTATE_BACK)
        if reg != cap:   # the smaller utilities outsource IT
            b.net2(shared["msp"], w_it, P_MSP, P_MSP_BACK)
        b.net2(shared["vendor"], scada, P_VENDOR, P_MSP_BACK)
        b.dep(feeder(reg), scada, 2.0)   # theta 0.6 of 4, as the DSO control rooms
        b.dep(g.region_core[reg], scada, 1.0)
        b.dep(g.backup_core[reg], scada, 1.0)
        plants = []
        n_tp = 1 + pop[reg] // 400
        for k in range(1, n_tp + 1):
            tp = b.asset(f"{p}-wa-{reg}-tp-{k}", "water", wa, where(reg, f"treatment plant {k}"), state,
                         round(0.1 * pop[reg] / n_tp, 1), NU_FIELD, field, buffer=WATER_BUFFER,
                         threshold=0.6, restore=12, manual=M_WATER)
            plants.append(tp)
            for f in two_feeders(reg):
                b.dep(f, tp, 1.0)
            b.dep(scada, tp, 0.5)  # theta 0.6 of 2.5: runs locally without SCADA
            b.net(scada, tp, P_OT_FIELD)
        g.water_ps[reg] = []
        n_ps = 4 + pop[reg] // 140
        for k in range(1, n_ps + 1):
            ps = b.asset(f"{p}-wa-{reg}-ps-{k:02d}", "water", wa, where(reg, f"pumping station {k}"), state,
                         round(pop[reg] / n_ps, 2), NU_FIELD, field, buffer=PUMP_BUFFER, threshold=0.75,
                         restore=2, manual=M_WATER)
            g.water_ps[reg].append(ps)
            b.dep(feeder(reg), ps, 2.0)
            for tp in (b.pick(plants, 2) if len(plants) > 1 else plants):
                b.dep(tp, ps, 1.0)
            b.dep(scada, ps, 0.5)
            b.net(scada, ps, P_OT_FIELD)

    # ================= FINANCE ==================================================
    fi = org["finance"]
    g.rtgs = b.asset(f"{p}-fi-rtgs", "finance", fi, "RTGS payment system (central bank)", state,
                     round(0.3 * total), NU_HARD, soc, buffer=2, threshold=0.5, restore=8, manual=M_NEVER)
    g.ips = b.asset(f"{p}-fi-ips", "finance", fi, "instant payments and card switch", state,
                    round(0.45 * total), NU_HARD, soc, buffer=1, threshold=0.75, restore=8, manual=M_NEVER)
    cb_it = b.asset(f"{p}-fi-cb-it", "finance", fi, "central bank corporate IT", state, 1, NU_IT, soc,
                    restore=24)
    b.net2(cb_it, g.rtgs, P_PEER, P_PEER)
    for m in (g.rtgs, g.ips):
        b.dep(g.dcs[0], m, 1.0)
        b.dep(g.dcs[1], m, 1.0)
    market = []
    if state == "varnia":   # the region's stock exchange and securities depository
        exch = b.asset(f"{p}-fi-exchange", "finance", fi, "Varnia stock exchange", state, 150, NU_HARD, soc,
                       buffer=1, threshold=0.7, restore=8, manual=M_NEVER)
        csd = b.asset(f"{p}-fi-csd", "finance", fi, "central securities depository", state, 150, NU_HARD,
                      soc, buffer=2, threshold=0.5, restore=8, manual=M_NEVER)
        for m in (exch, csd):
            b.dep(g.dcs[0], m, 1.0)
            b.dep(g.dcs[1], m, 1.0)
        b.dep(shared["gnss"], exch, 2.0)   # clock sync: theta 0.7 of 4 halts trading without timing
        b.net2(exch, csd, P_PEER, P_PEER)
        b.net2(cb_it, csd, P_PEER, P_PEER)
        market = [exch, csd]
    g.market = market
    bank_shares = {"varnia": [("north", 0.3), ("varn", 0.25), ("coop", 0.2), ("post", 0.15), ("agri", 0.1)],
                   "brenmark": [("havn", 0.45), ("fjord", 0.35), ("sparebank", 0.2)],
                   "lusca": [("lusa", 0.6), ("hill", 0.4)]}[state]
    customers = total * 1.1
    for k, (bname, share) in enumerate(bank_shares, 1):
        bit = b.asset(f"{p}-fi-bank-{bname}-it", "finance", fi, f"{bname} bank corporate IT", state, 1, NU_IT,
                      soc, restore=24)
        core = b.asset(f"{p}-fi-bank-{bname}-core", "finance", fi, f"{bname} bank core banking", state,
                       round(0.3 * customers * share), NU_CC, soc, buffer=2, threshold=0.75, restore=24,
                       manual=M_NEVER)
        b.net2(bit, core, P_IT_OT, P_ESTATE_BACK)
        b.net2(g.rtgs, core, P_PEER, P_PEER)
        b.net(g.ips, core, P_PEER)
        dc = g.dcs[k % 2]
        b.dep(dc, core, 2.0)              # hosted in a carrier-neutral data centre
        b.dep(main_core, core, 1.0)
        b.net2(dc, core, P_PEER, P_PEER)
        b.dep(g.rtgs, core, 0.5)          # theta 0.75 of 4: tolerates RTGS or telecom loss
        b.dep(g.ips, core, 0.5)
        if k == len(bank_shares):         # the smallest bank outsources its IT to the MSP
            b.net2(shared["msp"], bit, P_MSP, P_MSP_BACK)
        for reg in R:
            br = b.asset(f"{p}-fi-bank-{bname}-{reg}", "finance", fi,
                         where(reg, f"{bname} bank branches and ATMs"), state,
                         round(0.7 * customers * share * pop[reg] / total, 1), NU_FIELD, it, buffer=2,
                         threshold=0.8, restore=2, manual=M_NEVER)
            b.dep(core, br, 1.0)
            b.dep(g.ips, br, 0.5)         # theta 0.8 of 3.5: card switch loss tolerated (cash)
            b.dep(b.rng.choice(g.agg[reg]), br, 1.0)
            b.dep(feeder(reg), br, 1.0)
            b.net(core, br, P_ESTATE)

    # ================= HEALTH ===================================================
    he = org["health"]
    ehr = b.asset(f"{p}-he-ehr", "health", he, "national e-health record and e-prescription", state,
                  round(0.1 * total), NU_CC, it, buffer=2, threshold=1.0, restore=24, manual=24)
    b.dep(g.dcs[0], ehr, 1.0)
    g.ehr = ehr
    g.health_nets, g.amb = {}, {}
    for reg in R:
        hnet = b.asset(f"{p}-he-net-{reg}", "health", he, where(reg, "regional health network hub"), state, 1,
                       NU_IT, it, restore=24)
        g.health_nets[reg] = hnet
        b.net2(ehr, hnet, P_PEER, P_PEER)
        amb = b.asset(f"{p}-he-amb-{reg}", "health", he, where(reg, "ambulance dispatch centre"), state,
                      round(0.1 * pop[reg]), NU_CC, it, buffer=12, threshold=0.7, restore=8, manual=4)
        g.amb[reg] = amb
        b.dep(feeder(reg), amb, 2.0)
        b.dep(g.region_core[reg], amb, 1.0)
        b.dep(b.rng.choice(g.agg[reg]), amb, 1.0)
        b.net2(hnet, amb, P_ESTATE, P_ESTATE_BACK)
        n_hosp = 1 + pop[reg] // 300
        for k in range(1, n_hosp + 1):
            h = b.asset(f"{p}-he-hosp-{reg}-{k}", "health", he, where(reg, f"hospital {k}"), state,
                        round(0.6 * pop[reg] / n_hosp, 1), NU_CC, it, buffer=b.weighted(HOSPITAL_BUFFERS),
                        threshold=0.75, restore=12, manual=12)
            for f in two_feeders(reg):
                b.dep(f, h, 1.0)      # dual utility feed: power weight 2 in all
            b.dep(b.rng.choice(g.water_ps[reg]), h, 1.5)
            b.dep(b.rng.choice(g.agg[reg]), h, 1.0)
            b.dep(ehr, h, 0.5)
            b.net2(hnet, h, P_ESTATE, P_ESTATE_BACK)
        n_clinic = 4 + pop[reg] // 70
        for k in range(1, n_clinic + 1):
            c = b.asset(f"{p}-he-clinic-{reg}-{k:02d}", "health", he, where(reg, f"clinic {k}"), state,
                        round(0.4 * pop[reg] / n_clinic, 2), NU_IT, it, buffer=2, threshold=0.85, restore=2,
                        manual=M_CLINIC)
            b.dep(feeder(reg), c, 1.0)
            b.dep(b.rng.choice(g.agg[reg]), c, 1.0)
            b.dep(ehr, c, 0.3)        # theta 0.85 of 2.3: works without the record system
            b.net2(hnet, c, P_ESTATE, P_ESTATE_BACK)
    pharma = b.asset(f"{p}-he-pharma", "health", he, "pharmaceutical wholesaler logistics", state,
                     round(0.06 * total), NU_IT, it, buffer=24, threshold=0.75, restore=24, manual=24)
    b.dep(g.dcs[1], pharma, 1.0)

    # ================= TRANSPORT ================================================
    tr = org["transport"]
    logi_it = b.asset(f"{p}-tr-logistics-it", "transport", tr, "national logistics and freight IT", state,
                      5, NU_IT, it, restore=24)
    g.logi_it = logi_it
    b.net2(shared["msp"], logi_it, P_MSP, P_MSP_BACK)
    b.dep(g.dcs[1], logi_it, 1.0)
    b.dep(logi_it, pharma, 1.0)       # theta 0.75 of 2: wholesaler needs its carrier
    g.ports = []
    if coastal:
        port_it = b.asset(f"{p}-tr-port-it", "transport", tr, "port authority corporate IT", state, 1,
                          NU_IT, it, restore=24)
        b.net2(shared["msp"], port_it, P_MSP, P_MSP_BACK)
        port_regions = [R[1]] + ([R[2]] if state == "varnia" else [])
        for k, reg in enumerate(port_regions, 1):
            port = b.asset(f"{p}-tr-port-{k}", "transport", tr, where(reg, f"port terminals {k}"), state,
                           round(0.12 * total / k), NU_CC, it, buffer=4, threshold=0.7, restore=48,
                           manual=M_PORT)
            g.ports.append(port)
            b.dep(feeder(reg), port, 2.0)   # theta 0.7: loses power -> stops; one IT system -> manual
            b.dep(g.region_core[reg], port, 1.0)
            b.dep(logi_it, port, 1.0)
            b.dep(port_it, port, 1.0)
            b.net2(logi_it, port, P_ESTATE, P_ESTATE_BACK)
            b.net2(port_it, port, P_IT_OT, P_ESTATE_BACK)
    for reg in R:
        t = b.asset(f"{p}-tr-freight-{reg}", "transport", tr, where(reg, "inland freight terminal"), state, 30,
                    NU_IT, it, buffer=4, threshold=0.75, restore=24, manual=M_PORT)
        b.dep(logi_it, t, 1.0)
        b.dep(feeder(reg), t, 1.0)
        b.net2(logi_it, t, P_ESTATE, P_ESTATE_BACK)
    rail_it = b.asset(f"{p}-tr-rail-it", "transport", tr, "rail operator corporate IT", state, 1, NU_IT, it,
                      restore=24)
    rail_tcc = b.asset(f"{p}-tr-rail-tcc", "transport", tr, "rail traffic control centre", state,
                       round(0.06 * total), NU_CC, it, buffer=12, threshold=0.75, restore=12, manual=M_RAIL)
    g.rail_tcc = rail_tcc
    b.net2(rail_it, rail_tcc, P_IT_OT, P_ESTATE_BACK)
    b.dep(feeder(cap), rail_tcc, 2.0)
    b.dep(main_core, rail_tcc, 1.0)
    b.dep(second_core, rail_tcc, 1.0)
    b.dep(shared["gnss"], rail_tcc, 0.5)
    g.ixls = {}
    for reg in R:
        g.ixls[reg] = []
        for k in range(1, 3 + pop[reg] // 600):
            x = b.asset(f"{p}-tr-rail-ixl-{reg}-{k}", "transport", tr, where(reg, f"rail interlocking {k}"),
                        state, 20, NU_FIELD, field, buffer=2, threshold=0.6, restore=4, manual=M_RAIL)
            g.ixls[reg].append(x)
            b.dep(feeder(reg), x, 2.0)   # theta 0.6 of 4: runs without the control centre or radio
            b.dep(rail_tcc, x, 1.0)
            b.dep(b.rng.choice(g.agg[reg]), x, 1.0)
            b.net(rail_tcc, x, P_OT_FIELD)
    atc = b.asset(f"{p}-tr-atc", "transport", tr, "air traffic control centre", state, round(0.03 * total),
                  NU_HARD, soc, buffer=24, threshold=0.75, restore=8, manual=12)
    b.dep(feeder(cap), atc, 2.0)
    b.dep(main_core, atc, 1.0)
    b.dep(shared["gnss"], atc, 1.0)
    air = b.asset(f"{p}-tr-airport", "transport", tr, where(cap, "international airport"), state,
                  round(0.05 * total), NU_CC, it, buffer=12, threshold=0.8, restore=24, manual=12)
    for f in two_feeders(cap):
        b.dep(f, air, 1.0)
    b.dep(atc, air, 2.0)
    b.dep(main_core, air, 1.0)
    b.net2(atc, air, P_PEER, P_PEER)
    tmcs = {}
    for reg in R:
        t = b.asset(f"{p}-tr-tmc-{reg}", "transport", tr, where(reg, "urban traffic management centre"), state,
                    round(0.05 * pop[reg]), NU_CC, it, buffer=4, threshold=1.0, restore=8, manual=8)
        tmcs[reg] = t
        b.dep(feeder(reg), t, 1.0)
        b.dep(g.region_core[reg], t, 1.0)

    # ================= GOVERNMENT (served by the national CSIRT) ================
    gov_net = b.asset(f"{p}-gov-net", "government", csirt, "government secure network", state,
                      round(0.015 * total), NU_CC, soc, buffer=12, threshold=0.5, restore=12, manual=M_GOV)
    gov_dc = b.asset(f"{p}-gov-dc", "government", csirt, "government data centre", state, round(0.03 * total),
                     NU_CC, soc, buffer=DATA_CENTRE_BUFFER, threshold=0.5, restore=24, manual=M_GOV)
    g.gov_net = gov_net
    b.net2(gov_net, gov_dc, P_ESTATE, P_ESTATE)
    for f in two_feeders(cap):
        b.dep(f, gov_dc, 1.0)
    b.dep(main_core, gov_net, 1.0)
    b.dep(second_core, gov_net, 1.0)
    members = []
    ministries = ["interior", "finance", "health", "defence", "foreign", "justice", "economy", "transport",
                  "social", "education"][:(10 if state == "varnia" else 6)]
    for m in ministries:
        a = b.asset(f"{p}-gov-min-{m}", "government", csirt, f"ministry of {m}", state, 20, NU_IT, soc, buffer=4,
                    threshold=0.7, restore=24, manual=M_GOV)
        members.append(a)
        b.dep(gov_dc, a, 1.0)
        b.dep(gov_net, a, 1.0)
        b.dep(feeder(cap), a, 1.0)
    svc = {}
    for sid, text, share in (("eportal", "e-government portal", 0.45), ("eid", "national eID service", 0.6),
                             ("tax", "tax administration system", 0.15),
                             ("benefits", "social benefits payments", 0.25)):
        a = b.asset(f"{p}-gov-{sid}", "government", csirt, text, state, round(share * total), NU_CC, soc,
                    buffer=2, threshold=0.75, restore=24, manual=M_GOV)
        svc[sid] = a
        members.append(a)
        b.dep(gov_dc, a, 2.0)
        b.dep(main_core, a, 1.0)
        b.dep(second_core, a, 1.0)
    b.dep(svc["eid"], svc["eportal"], 2.0)
    b.dep(g.rtgs, svc["benefits"], 2.0)
    b.dep(svc["eid"], ehr, 1.0)    # e-prescription logs in with eID (theta 1: needs it)
    for reg in R:   # the health ministry reaches into every regional health network
        b.net2(f"{p}-gov-min-health", g.health_nets[reg], P_PEER, P_PEER)
    for reg in R:
        ra = b.asset(f"{p}-gov-reg-{reg}", "government", csirt, where(reg, "regional administration"), state,
                     round(0.02 * pop[reg]), NU_IT, it, buffer=4, threshold=0.6, restore=24, manual=M_GOV)
        members.append(ra)
        b.dep(gov_net, ra, 1.0)
        b.dep(feeder(reg), ra, 2.0)
        b.dep(g.region_core[reg], ra, 1.0)
        psap = b.asset(f"{p}-gov-112-{reg}", "government", csirt, where(reg, "112 emergency call centre"), state,
                       round(0.2 * pop[reg]), NU_CC, it, buffer=12, threshold=0.6, restore=8, manual=4)
        members.append(psap)
        b.dep(feeder(reg), psap, 2.0)
        b.dep(g.region_core[reg], psap, 1.0)
        b.dep(b.rng.choice(g.agg[reg]), psap, 1.0)
        b.dep(psap, g.amb[reg], 1.0)   # ambulance dispatch takes calls from 112
        munis = []
        for k in range(1, 3 + pop[reg] // 250):
            mu = b.asset(f"{p}-gov-muni-{reg}-{k}", "government", csirt, where(reg, f"municipality {k}"), state,
                         round(0.1 * pop[reg] / (2 + pop[reg] // 250), 1), NU_IT, it, buffer=2, threshold=0.7,
                         restore=24, manual=M_GOV)
            munis.append(mu)
            members.append(mu)
            b.dep(feeder(reg), mu, 1.0)
            b.dep(b.rng.choice(g.agg[reg]), mu, 1.0)
            b.dep(svc["eid"], mu, 0.5)
            if k == 1 and reg != cap:   # these towns outsource municipal IT
                b.net2(shared["msp"], mu, P_MSP, P_MSP_BACK)
        b.net2(ra, munis[0], P_ESTATE, P_ESTATE_BACK)
        b.net2(munis[0], tmcs[reg], P_ESTATE, P_ESTATE_BACK)   # the city runs its traffic centre
    for a in members:
        b.net2(gov_net, a, P_HUB, P_HUB)

    # ================= DEFENCE (the defence cyber command's mandate) ============
    modnet = b.asset(f"{p}-de-net", "defence", defence, "national defence network core", state, 200, NU_MIL,
                     mil, buffer=72, threshold=0.65, restore=12)
    g.modnet = modnet
    hq = b.asset(f"{p}-de-hq", "defence", defence, "defence headquarters", state, 200, NU_MIL, mil, buffer=168,
                 threshold=0.7, restore=12)
    log_it = b.asset(f"{p}-de-log-it", "defence", defence, "defence logistics IT", state, 20, NU_IT, mil,
                     buffer=24, threshold=0.5, restore=24)
    g.log_it = log_it
    b.dep(main_core, modnet, 1.0)
    b.dep(second_core, modnet, 1.0)
    b.dep(shared["govsat"], modnet, 1.0)
    b.dep(feeder(cap), modnet, 2.0)
    b.dep(shared["gnss"], modnet, 0.5)
    b.dep(modnet, hq, 2.0)
    b.dep(feeder(cap), hq, 2.0)
    b.dep(main_core, hq, 1.0)
    b.net2(modnet, hq, P_MIL, P_MIL)
    b.net2(modnet, log_it, P_MIL, P_MIL)
    b.net2(logi_it, log_it, P_PEER, P_PEER)   # civil logistics contractor on the defence supply chain
    b.dep(modnet, log_it, 1.0)
    b.dep(g.dcs[0], log_it, 1.0)
    bases = []
    for k, reg in enumerate(R, 1):
        bases.append((b.asset(f"{p}-de-base-{reg}", "defence", defence, where(reg, "garrison"), state, 50,
                              NU_MIL, mil, buffer=120, threshold=0.7, restore=12), reg))
        depot = b.asset(f"{p}-de-depot-{reg}", "defence", defence, where(reg, "logistics depot"), state, 30,
                        NU_MIL, mil, buffer=72, threshold=0.7, restore=12)
        bases.append((depot, reg))
        b.dep(log_it, depot, 1.0)
        b.net(log_it, depot, P_MIL)
    bases.append((b.asset(f"{p}-de-airbase", "defence", defence, where(R[-1], "air base"), state, 80, NU_MIL,
                          mil, buffer=168, threshold=0.7, restore=12), R[-1]))
    if coastal:
        bases.append((b.asset(f"{p}-de-navalbase", "defence", defence, where(R[1], "naval base"), state, 80,
                              NU_MIL, mil, buffer=168, threshold=0.7, restore=12), R[1]))
    for base, reg in bases:
        b.dep(feeder(reg), base, 2.0)
        b.dep(modnet, base, 1.0)
        b.dep(g.region_core[reg], base, 1.0)
        b.dep(b.rng.choice(g.water_ps[reg]), base, 0.5)
        b.net2(modnet, base, P_MIL, P_MIL)
    # military mobility: railheads ride on civil rail; the port's military terminal on the port
    g.railheads = []
    for k, reg in enumerate(R[1:] if len(R) > 2 else R, 1):
        rh = b.asset(f"{p}-de-railhead-{reg}", "defence", defence, where(reg, "military railhead"), state, 40,
                     NU_MIL, mil, buffer=12, threshold=0.75, restore=8, manual=M_RAIL)
        g.railheads.append(rh)
        b.dep(g.ixls[reg][0], rh, 1.0)
        b.dep(rail_tcc, rh, 1.0)
        b.dep(feeder(reg), rh, 1.0)
        b.net2(log_it, rh, P_MIL, P_MIL)
    if g.ports:
        pt = b.asset(f"{p}-de-port-terminal", "defence", defence, "port military terminal", state, 60, NU_MIL,
                     mil, buffer=12, threshold=0.75, restore=8, manual=M_PORT)
        b.dep(g.ports[0], pt, 2.0)
        b.dep(feeder(R[1]), pt, 1.0)
        b.dep(g.region_core[R[1]], pt, 1.0)
        b.net2(log_it, pt, P_MIL, P_MIL)
        g.railheads.append(pt)
    return g


def build():
    b = Builder(SEED)
    soc, it, field, mil = (DETECTION[k] for k in ("soc", "it", "field", "mil"))
    home = "varnia"
    # ---- cross-border operators whose assets serve all three states ---------------
    shared = {}
    # Nordlink: managed IT services and OT remote maintenance for smaller operators in
    # all three states (the way in for the state actor; Kaseya 2021 for the pattern).
    shared["msp"] = b.asset("nl-noc", "telecoms", "nordlink", "Nordlink managed-service NOC (Varn Capital)",
                            home, 1, NU_IT, soc, buffer=4, restore=24)
    shared["vendor"] = b.asset("nl-ot-portal", "energy", "nordlink",
                               "Nordlink grid and water automation remote-maintenance portal", home, 0.5, NU_IT,
                               it, restore=24)
    b.net2(shared["msp"], shared["vendor"], P_ESTATE, P_ESTATE_BACK)
    # Varnsat: the satellite ground segment that serves all three states
    vs_soc = b.asset("vs-soc", "space", "varnsat", "satellite operations centre (Varn Capital)", home, 50,
                     NU_HARD, soc, buffer=CONTROL_ROOM_BUFFER, threshold=0.6, restore=12)
    shared["gnss"] = b.asset("vs-gnss-timing", "space", "varnsat", "GNSS timing and augmentation reference",
                             home, 300, NU_HARD, soc, buffer=2, threshold=0.5, restore=4)
    shared["govsat"] = b.asset("vs-govsat", "space", "varnsat", "governmental satcom hub", home, 50, NU_HARD,
                               soc, buffer=24, threshold=0.6, restore=8)
    teleport = b.asset("vs-teleport", "space", "varnsat", "commercial satcom teleport (Ostmark)", home, 30,
                       NU_IT, it, buffer=12, threshold=0.75, restore=12)
    b.net2(shared["msp"], teleport, P_MSP, P_MSP_BACK)   # teleport management outsourced
    for sat in (shared["gnss"], shared["govsat"]):
        b.net2(vs_soc, sat, P_ESTATE, P_ESTATE_BACK)
        b.dep(vs_soc, sat, 1.0)

    grids = {}
    for state, prefix, coastal, regions in STATES:
        grids[state] = build_state(b, state, prefix, coastal, regions, shared)
    va, br, lu = grids["varnia"], grids["brenmark"], grids["lusca"]

    # ---- satellite ground segment: a ground station in each state ----------------
    for state in STATE_NAMES:
        g = grids[state]
        reg = GROUND_STATION_REGION[state]
        gs = b.asset(f"vs-gs-{g.prefix}", "space", "varnsat", f"ground station ({state})", state, 30, NU_HARD,
                     soc, buffer=24, threshold=0.75, restore=8)
        b.dep(g.feeder(reg), gs, 2.0)
        b.dep(g.region_core[reg], gs, 1.0)
        b.dep(vs_soc, gs, 0.5)   # theta 0.75 of 3.5: power + telecom suffices
        b.net2(vs_soc, gs, P_ESTATE, P_ESTATE_BACK)
        b.dep(gs, shared["gnss"], 1.0)   # theta 0.5 of 4: any two of the three stations and the centre
        b.dep(gs, shared["govsat"], 1.0)
    b.dep(va.feeder("cap"), vs_soc, 2.0)   # theta 0.6 of 4: power and one of two cores
    b.dep(va.main_core, vs_soc, 1.0)
    b.dep(va.second_core, vs_soc, 1.0)
    b.dep(va.feeder("ost"), teleport, 2.0)
    b.dep(va.region_core["ost"], teleport, 1.0)
    b.dep(va.main_core, teleport, 1.0)
    for state in STATE_NAMES:
        g = grids[state]
        fleets = [("rural", "rural broadband terminals", 0.01), ("emergency", "emergency-services satcom terminals",
                                                                 0.005)]
        for name, text, share in fleets:
            v = b.asset(f"vs-vsat-{g.prefix}-{name}", "space", "varnsat", f"{text} ({state})", state,
                        round(share * POPULATION[state]), NU_FIELD, field, restore=24)
            b.dep(teleport, v, 1.0)
            b.net(teleport, v, P_SATCOM)
            if name == "emergency":   # satcom fallback radio for ambulance dispatch: tolerated
                for reg in g.regions:
                    b.dep(v, g.amb[reg], 0.5)
        # timing users: cores and aggregation tolerate losing it (weight 0.5)
        for reg in g.regions:
            for c in g.cores[reg]:
                b.dep(shared["gnss"], c, 0.5)
            for a in g.agg[reg]:
                b.dep(shared["gnss"], a, 0.5)
        b.dep(shared["gnss"], g.tso_cc, 0.5)   # phasor and SCADA time stamps: tolerated

    # ---- power interconnectors ----------------------------------------------------
    # Each state's end of a link is a bulk source for its transmission substations and
    # needs the neighbour's transmission grid (one of two substations, theta 0.5).
    ic = {}
    for a_state, b_state in NEIGHBOURS:
        for here, there in ((a_state, b_state), (b_state, a_state)):
            g = grids[here]
            reg = IC_REGION[(here, there)]
            ic[(here, there)] = b.asset(f"{g.prefix}-en-ic-{grids[there].prefix}", "energy", f"{here}-grid",
                                        f"interconnector terminal to {there}", here,
                                        round(0.1 * POPULATION[here] / (len(g.gens) + 2), 1), NU_HARD, it,
                                        threshold=0.5, restore=6)
    for (here, there), terminal in ic.items():
        g, other = grids[here], grids[there]
        far = other.ts[IC_REGION[(there, here)]]
        for t in far[:2]:
            b.dep(t, terminal, 1.0)
        b.net(g.tso_cc, terminal, P_OT_FIELD)
    for state in STATE_NAMES:
        g = grids[state]
        sources = g.gens + [ic[(state, o)] for o in STATE_NAMES if (state, o) in ic]
        # transmission: each substation fed from two bulk sources (1 + 1) and dispatched by
        # the TSO control centre (1); theta 0.5 of 3 rides through the loss of one.
        for reg in g.regions:
            for t in g.ts[reg]:
                for src in b.pick(sources, 2):
                    b.dep(src, t, 1.0)
                b.dep(g.tso_cc, t, 1.0)
                b.net(g.tso_cc, t, P_OT_FIELD)
    for a_state, b_state in NEIGHBOURS:   # inter-control-centre data links (ICCP) between TSOs
        b.net2(grids[a_state].tso_cc, grids[b_state].tso_cc, P_PEER, P_PEER)

    # ---- telecom cables: subsea landings on the coast, terrestrial fibre across borders
    landings = [grids[s].cls for s in STATE_NAMES if grids[s].cls]
    for state in STATE_NAMES:
        g = grids[state]
        own = [g.cls] if g.cls else []
        for cable in own + [c for c in landings if c not in own]:
            b.dep(cable, g.igw, 1.0)   # theta 0.5 of 2.5: power (0.5) and any one cable
    for a_state, b_state in NEIGHBOURS:
        b.net2(grids[a_state].igw, grids[b_state].igw, P_PEER, P_PEER)

    # ---- the regional clearing house (in Brenmark) settles instant payments of all three
    clearing = b.asset("rc-clearing", "finance", "regional-clearing",
                       "regional clearing house and cross-border instant payments (Havnby)", "brenmark",
                       200, NU_HARD, soc, buffer=2, threshold=0.75, restore=8, manual=M_NEVER)
    rc_it = b.asset("rc-it", "finance", "regional-clearing", "clearing house corporate IT", "brenmark", 1,
                    NU_IT, soc, restore=24)
    b.net2(rc_it, clearing, P_IT_OT, P_ESTATE_BACK)
    b.dep(br.dcs[0], clearing, 1.0)
    b.dep(br.dcs[1], clearing, 1.0)
    b.dep(br.igw, clearing, 2.0)   # theta 0.75 of 4: one data centre and transit
    for state in STATE_NAMES:
        g = grids[state]
        b.dep(clearing, g.ips, 2.0)   # theta 0.75 of 4: clearing and one data centre
        b.net2(clearing, g.ips, P_PEER, P_PEER)
        b.net2(clearing, g.rtgs, P_PEER, P_PEER)

    # ---- the alliance's own command-and-control nodes -------------------------------
    for state, reg in (("varnia", "cap"), ("lusca", "lus")):
        g = grids[state]
        c2 = b.asset(f"al-c2-{g.prefix}", "defence", "alliance-body",
                     f"alliance command-and-control node ({state})", state, 150, NU_HARD, mil, buffer=72,
                     threshold=0.7, restore=12)
        b.dep(g.modnet, c2, 2.0)
        b.dep(g.feeder(reg), c2, 2.0)
        b.dep(g.region_core[reg], c2, 1.0)
        b.dep(shared["govsat"], c2, 1.0)
        b.net2(g.modnet, c2, P_HUB, P_HUB)
    # military mobility across borders: Lusca's railheads receive what lands at Varnia's port
    for rh in lu.railheads:
        b.dep(va.railheads[-1], rh, 0.5)   # theta 0.75 of 3.5: tolerated, as rail can reroute
    return b, grids


# ===================================================================================
# Organisations, partnerships and the scenario file
# ===================================================================================

def organisations():
    """(name, level, state, teams, capability, remediation, crews, restoration, assistance)."""
    out = []
    for state in STATE_NAMES:
        for kind, _ in OPERATORS:
            rem = REMEDIATION["health" if kind == "health" else "operator"]
            teams = (HEALTH_TEAMS if kind == "health" else TEAMS)[state]
            out.append(dict(name=f"{state}-{kind}", level="operator", state=state, teams=teams,
                            capability=DETECTION_CAPABILITY.get(kind, 1.0), remediation=rem,
                            crews=CREWS[kind], restoration=RESTORATION[kind], kind=kind))
    for name, state in (("nordlink", "varnia"), ("varnsat", "varnia"), ("regional-clearing", "brenmark")):
        out.append(dict(name=name, level="operator", state=state, teams=1,
                        capability=DETECTION_CAPABILITY.get(name, 1.0), remediation=REMEDIATION["operator"],
                        crews=1, restoration=RESTORATION[name], kind="cross-border"))
    for state in STATE_NAMES:
        hosted = [o["name"] for o in out if o["level"] == "operator" and o["state"] == state]
        out.append(dict(name=f"{state}-csirt", level="national", state=state, teams=CSIRT_TEAMS[state],
                        capability=1.0, remediation=REMEDIATION["csirt"], crews=CREWS["csirt"],
                        restoration=RESTORATION["csirt"], kind="csirt",
                        assistance=(hosted, CSIRT_ASSISTS)))
    for state in STATE_NAMES:
        out.append(dict(name=f"{state}-defence", level="national", state=state, teams=DEFENCE_TEAMS,
                        capability=DETECTION_CAPABILITY["defence"], remediation=REMEDIATION["defence"],
                        crews=CREWS["defence"], restoration=RESTORATION["defence"], kind="defence"))
    csirts = [f"{s}-csirt" for s in STATE_NAMES]
    highly_critical = [o["name"] for o in out if o["level"] == "operator"]
    out.append(dict(name="union-agency", level="union", state=None, teams=UNION_TEAMS, capability=1.0,
                    remediation=REMEDIATION["union"], crews=None, restoration=None, kind="union",
                    assistance=(csirts + highly_critical, UNION_ASSISTS)))
    out.append(dict(name="alliance-body", level="alliance", state=None, teams=ALLIANCE_TEAMS,
                    capability=DETECTION_CAPABILITY["alliance"], remediation=REMEDIATION["alliance"],
                    crews=1, restoration=RESTORATION["defence"], kind="alliance",
                    assistance=([f"{s}-defence" for s in STATE_NAMES] + csirts, ALLIANCE_ASSISTS)))
    return out


def channels(orgs):
    """The hub network of information sharing: directed edges (from, to, delay, trust, fidelity)."""
    edges = []

    def both(a, b_, key):
        edges.append((a, b_) + CHANNELS[key])
        edges.append((b_, a) + CHANNELS[key])

    for o in orgs:
        if o["level"] == "operator":
            csirt = f"{o['state']}-csirt"
            edges.append((o["name"], csirt) + CHANNELS["operator->csirt"])
            edges.append((csirt, o["name"]) + CHANNELS["csirt->operator"])
    for a, b_ in NEIGHBOURS:
        both(f"{a}-csirt", f"{b_}-csirt", "csirt<->csirt")
    for s in STATE_NAMES:
        both(f"{s}-csirt", "union-agency", "csirt<->union")
        both(f"{s}-csirt", "alliance-body", "csirt<->alliance")
        both(f"{s}-defence", "alliance-body", "defence<->alliance")
        edges.append((f"{s}-defence", f"{s}-csirt") + CHANNELS["defence->csirt"])
        edges.append((f"{s}-csirt", f"{s}-defence") + CHANNELS["csirt->defence"])
    both("union-agency", "alliance-body", "union<->alliance")
    return edges


def partnerships(orgs, owners):
    """One partnership per (detector, receiver) pair that owns assets: the quickest path
    through the hub network (ties: the higher trust x fidelity, then fewer hops). The engine
    passes a report along one partnership and does not relay it, so a report that in
    reality goes operator -> national CSIRT -> neighbour CSIRT -> operator is written as
    one partnership with the summed delay and the product of trust and of fidelity."""
    names = [o["name"] for o in orgs]
    out_edges = {n: [] for n in names}
    for a, b_, delay, trust, fidelity in channels(orgs):
        out_edges[a].append((b_, delay, trust, fidelity))
    result = []
    for source in names:
        if source not in owners:
            continue
        # Dijkstra on (delay, -trust*fidelity, hops), deterministic by name order
        best = {source: (0, -1.0, 0, 1.0, 1.0)}
        heap = [(0, -1.0, 0, source, 1.0, 1.0)]
        while heap:
            delay, neg_q, hops, node, trust, fidelity = heapq.heappop(heap)
            if best.get(node, (None,))[:3] != (delay, neg_q, hops):
                continue
            for nxt, d, t, f in out_edges[node]:
                cand = (delay + d, -(trust * t * fidelity * f), hops + 1, trust * t, fidelity * f)
                if nxt not in best or cand[:3] < best[nxt][:3]:
                    best[nxt] = cand
                    heapq.heappush(heap, (cand[0], cand[1], cand[2], nxt, cand[3], cand[4]))
        for target in names:
            if target == source or target not in owners or target not in best:
                continue
            delay, _, hops, trust, fidelity = best[target]
            result.append((source, target, delay, round(trust, 3), round(fidelity, 3), hops))
    return result


def duration(pair):
    return f"{{distribution: lognormal, median: {fmt(pair[0])}, sigma: {fmt(pair[1])}}}"


def scenario_yaml(b, orgs, parts):
    counts = {}
    for row in b.assets:
        counts[row["state"]] = counts.get(row["state"], 0) + 1
    lines = []
    w = lines.append
    w("# Generated by scripts/make_varnia.py: do not edit; change the script and rerun it.")
    w("# Sources of every value: README.md beside this file.")
    w("cyres: 2")
    w("name: varnia")
    w("description: >-")
    w("  Fictitious region of three states (Varnia, Brenmark, Lusca; 6.0 million people) with")
    w("  their operators and national CSIRTs, a union agency with a cyber reserve and an")
    w("  alliance body with rapid reaction teams, joined by power interconnectors, subsea and")
    w("  terrestrial cables, a regional clearing house and a shared satellite ground segment.")
    w("  A criminal ransomware wave (day 7) and a state actor pre-positioned in grid and")
    w("  telecom networks that turns destructive on day 14. Parameters follow public figures")
    w("  listed in README.md or are marked there as having none.")
    w("")
    w("simulation:")
    w("  dt: 1                        # [h]")
    w(f"  horizon: {HORIZON}               # 42 days [steps]: room for the recovery")
    w("  trials: 1000")
    w(f"  seed: {SEED}")
    w("  recovery_threshold: 0.99")
    w("  catastrophic_service: 0.5")
    w("  manual_restoration: 5        # [steps] Ukraine 2015: 3-6 h restored by hand (energy assets)")
    w("  reinfection:                 # an evicted asset can be compromised again; none: sweep it")
    w("    immune: false")
    w(f"    vulnerability_factor: {fmt(REINFECTION_FACTOR)}  # what a clean-up leaves open: patched, credentials reset")
    w("")
    w("states:")
    for state in STATE_NAMES:
        w(f"  - name: {state:10s}  # {counts[state]} assets")
    w("")
    w("# W_s: value judgements, no public anchor (README.md, \"Sectors\"); normalised to sum 1.")
    w("sectors:")
    for name, weight in SECTORS:
        w(f"  - name: {name}")
        w(f"    weight: {fmt(weight)}")
    w("")
    w("# Teams evict an attacker from one asset at a time (remediation: one asset's time);")
    w("# recovery crews rebuild one disrupted asset at a time (restoration). A team is a unit")
    w("# such as a PESCO Cyber Rapid Response Team (8-12 experts) or a NATO rapid reaction")
    w("# team (about 6 people). Team and crew counts have no public anchor: sweep them.")
    w("organisations:")
    for o in orgs:
        w(f"  - name: {o['name']}")
        w(f"    level: {o['level']}")
        if o["state"]:
            w(f"    state: {o['state']}")
        w(f"    teams: {o['teams']}")
        w(f"    detection_capability: {fmt(o['capability'])}")
        w(f"    remediation: {duration(o['remediation'])}")
        if o["crews"] is not None:
            w(f"    recovery_crews: {o['crews']}")
            w(f"    restoration: {duration(o['restoration'])}")
        if "assistance" in o:
            assists, (prob, approval, deployment, reserve) = o["assistance"]
            w("    assistance:")
            w(f"      assists: [{', '.join(assists)}]")
            w(f"      approval_probability: {fmt(prob)}")
            w(f"      approval_delay: {approval}")
            w(f"      deployment_delay: {deployment}")
            w(f"      reserve: {reserve}")
    w("")
    w("assets: assets.csv")
    w("links: links.csv")
    w("")
    w("campaigns:")
    w("  # Criminal ransomware affiliates: in through three health-sector assets anywhere in")
    w("  # the region, fast lateral movement, encryption within about a day, noticed at once.")
    w("  - name: ransomware")
    w(f"    start: {RANSOMWARE_START}                 # day 7")
    w("    entry: {random: 3, sector: health}")
    w(f"    intensity: {fmt(RANSOMWARE_INTENSITY)}                 # eCrime breakout 29-62 min: speed over stealth")
    w("    payload_probability: 0.067   # 1 - 2^(-1/10): payload a median 16 h after intrusion")
    w("    dwell: 6")
    w("    notice:                      # a ransom note is seen; reported within hours")
    w("      probability: 0.95")
    w("      delay: {distribution: lognormal, median: 4, sigma: 0.5}")
    w("    eviction:                    # none: sweep it")
    w("      success: 0.9")
    w("      return_delay: {distribution: exponential, mean: 72}   # back through what was missed")
    w("  # State actor: in at step 0 through the Nordlink OT remote-maintenance portal and the")
    w("  # telecom operators' corporate IT, quiet until the set day, then destructive.")
    w("  - name: state-actor")
    w("    start: 0")
    w("    entry: {assets: [nl-ot-portal, va-tc-it, br-tc-it, lu-tc-it]}")
    w(f"    intensity: {fmt(STATE_ACTOR_INTENSITY)}               # low and slow: few moves, each careful")
    w("    payload_probability: 0.293   # 1 - 2^(-1/2): a median 2 h after the set time")
    w("    dwell: 48")
    w(f"    payload_from: {STATE_ACTOR_PAYLOAD_FROM}            # day 14")
    w("    detection_factor: 0.1        # espionage dwell 122 d against a 10-14 d median")
    w("    notice:                      # a blackout or a dead network is seen at once")
    w("      probability: 0.95")
    w("      delay: {distribution: lognormal, median: 2, sigma: 0.5}")
    w("    eviction:                    # none: sweep it")
    w("      success: 0.7")
    w("      return_delay: {distribution: exponential, mean: 336}  # a dormant second backdoor")
    w("")
    w("# Information sharing for policies with sharing mode `partnerships`: the quickest path")
    w("# of each report through the hub network of README.md (\"Who tells whom\"), written as")
    w("# one partnership per pair because the engine does not relay reports.")
    w("partnerships:")
    for source, target, delay, trust, fidelity, hops in parts:
        w(f"  - {{from: {source}, to: {target}, delay: {delay}, trust: {fmt(trust)}, "
          f"fidelity: {fmt(fidelity)}}}")
    w("")
    w("# The presets (data/policies/presets.yaml) are written for every scenario; here their")
    w("# sharing runs over the partnerships above and teams move by requests for assistance")
    w("# along the mandates, not by free lending or one pooled queue.")
    w("policies:")
    for name, extra in POLICIES:
        w(f"  - name: {name}")
        w(f"    preset: {name}")
        for line in extra:
            w(f"    {line}")
    return "\n".join(lines) + "\n"


SECTORS = [("energy", 3), ("telecoms", 2), ("water", 2), ("finance", 1.5), ("health", 2.5),
           ("transport", 1.5), ("government", 1), ("defence", 1.5), ("space", 0.5)]

POLICIES = [
    ("independent", []),
    ("shared-awareness", ["description: >-",
                          "  Each organisation tells its partners what it detects, along the partnerships",
                          "  (operators to their national CSIRT within 24 h, CSIRTs to their operators,",
                          "  neighbours, the union agency and the alliance body); a warned organisation",
                          "  looks harder for that campaign. Teams stay with their owners.",
                          "sharing: {mode: partnerships}"]),
    ("mutual-assistance", ["description: >-",
                           "  Shared awareness as above, plus requests for assistance: an organisation",
                           "  whose teams are all busy asks, one request at a time, the bodies whose",
                           "  mandate covers it (its national CSIRT, the union agency, the alliance body),",
                           "  each with its own approval and deployment time; queues serve the most",
                           "  critical assets first.",
                           "sharing: {mode: partnerships}",
                           "pooling: {mode: none}",
                           "assistance: {mode: requests, max_open: 1}"]),
    ("joint-crisis-cell", ["description: >-",
                           "  A standing joint cell of all three states, the union agency and the",
                           "  alliance body: every detection reaches everyone within 4 hours, queues",
                           "  serve the assets with the largest downstream impact first, detected assets",
                           "  are isolated at once (losing their service until clean), requests for",
                           "  assistance go out two at a time, and a crisis mode (10 open incidents or",
                           "  service below 95 %) adds 50 % surge teams after 6 hours and pre-approves",
                           "  every request.",
                           "pooling: {mode: none}",
                           "assistance: {mode: requests, max_open: 2}"]),
]

ASSET_COLUMNS = ["id", "sector", "organisation", "state", "name", "criticality", "vulnerability",
                 "detection", "buffer", "threshold", "restore", "manual_restoration"]
LINK_COLUMNS = ["source", "target", "type", "probability", "weight"]


def tables(b):
    assets = io.StringIO()
    w = csv.writer(assets, lineterminator="\n")
    w.writerow(ASSET_COLUMNS)
    for row in b.assets:
        w.writerow([fmt(row[c]) for c in ASSET_COLUMNS])
    links = io.StringIO()
    w = csv.writer(links, lineterminator="\n")
    w.writerow(LINK_COLUMNS)
    for (u, v), (p, wt) in b.links.items():
        kind = "both" if p is not None and wt is not None else ("network" if p is not None else "dependency")
        w.writerow([u, v, kind, "" if p is None else fmt(p), "" if wt is None else fmt(wt)])
    return assets.getvalue(), links.getvalue()


def generate():
    """The three files' texts: scenario.yaml, assets.csv, links.csv."""
    b, _ = build()
    orgs = organisations()
    names = {o["name"] for o in orgs}
    owners = []
    for row in b.assets:
        assert row["organisation"] in names, row
        if row["organisation"] not in owners:
            owners.append(row["organisation"])
    parts = partnerships(orgs, set(owners))
    assets, links = tables(b)
    return scenario_yaml(b, orgs, parts), assets, links


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(here, "..", "data", "scenarios", "varnia"),
                        help="folder for scenario.yaml, assets.csv and links.csv")
    args = parser.parse_args()
    yaml_text, assets, links = generate()
    os.makedirs(args.out, exist_ok=True)
    for name, text in (("scenario.yaml", yaml_text), ("assets.csv", assets), ("links.csv", links)):
        with open(os.path.join(args.out, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    print(f"wrote {assets.count(chr(10)) - 1} assets, {links.count(chr(10)) - 1} links and "
          f"{yaml_text.count('{from: ')} partnerships to {os.path.normpath(args.out)}")


if __name__ == "__main__":
    main()
