#!/usr/bin/env python3
"""A whole bioreg workflow through the generated Python client (clients/python/bioreg-client) against a live
server: organisations, users and tokens; parts and a composite; every part-list filter with its cursors; text
and sequence search; a GenBank import; FASTA, GenBank and SBOL3 exports; submit, review (four eyes), edits,
revisions, diffs, withdrawal and the audit log.

    python3 tests/interop/python_client.py --binary target/debug/bioreg [--database-url postgres://...] [--port N]

Every request goes through the generated package's operation functions (`sync_detailed`), with
`raise_on_unexpected_status`, so a status code the document does not declare fails the run too. Two kinds of
operation the generator cannot express (clients/python/known-warnings.txt, clients/python/README.md) use the
generated module's own request builder and response parser instead: `send_file` for the import's body, and
`read_text` for answers in FASTA, GenBank or SBOL3. Prints what each step checked; exits non-zero on the first
failure.
"""
import argparse, datetime, io, os, random, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
# The committed client, whether or not `pip install clients/python/bioreg-client` has been run (it brings
# the client's dependencies, httpx and attrs).
sys.path.insert(0, os.path.join(ROOT, "clients", "python", "bioreg-client"))
from serve import Server  # noqa: E402

import httpx  # noqa: E402
from bioreg_client import AuthenticatedClient, Client, errors  # noqa: E402
from bioreg_client.api.audit import list_audit_events  # noqa: E402
from bioreg_client.api.curation import list_part_reviews, list_review_queue, review_part, submit_part, withdraw_published_part  # noqa: E402
from bioreg_client.api.exports import export_records  # noqa: E402
from bioreg_client.api.history import diff_part_revisions, get_part_revision, list_part_revisions  # noqa: E402
from bioreg_client.api.imports import create_import, get_import, list_imports  # noqa: E402
from bioreg_client.api.operations import get_health  # noqa: E402
from bioreg_client.api.organizations import create_organization, get_organization, list_organizations  # noqa: E402
from bioreg_client.api.parts import create_part, get_part, list_part_used_in, list_parts, update_part, withdraw_part  # noqa: E402
from bioreg_client.api.search import search_parts_by_sequence  # noqa: E402
from bioreg_client.api.tokens import create_my_token, create_user_token, list_my_tokens, list_user_tokens, revoke_my_token, revoke_token  # noqa: E402
from bioreg_client.api.users import create_user, get_me, get_user, list_users  # noqa: E402
from bioreg_client.models import (  # noqa: E402
    ComponentInput, CreateOrganization, CreateToken, CreateUser, CurationState, Decision, ExportKind, FeatureInput,
    Format, Host, ImportFormat, JobState, MoleculeType, OrganizationKind, PartFilters, PartInput, Problem, ReasonCode,
    ReviewRequest, Role, SearchMode, SequenceSearchRequest, Strands, SubmitRequest, Topology, UpdatePartBody,
    WithdrawRequest)
from bioreg_client.types import UNSET, File  # noqa: E402

GENBANK_FILE = os.path.join(ROOT, "tests", "fixtures", "genbank", "pydna", "pUC19_M77789.gb")
COMPLEMENT = str.maketrans("ACGT", "TGCA")


class Failure(Exception):
    pass


def check(condition, what):
    if not condition:
        raise Failure(what)


def expect(response, status, what):
    """The parsed answer of a generated `sync_detailed` call that must have answered `status`."""
    allowed = status if isinstance(status, tuple) else (status,)
    if response.status_code not in allowed:
        raise Failure(f"{what}: {int(response.status_code)}, not {status}: {response.content[:600]!r}")
    return response.parsed


def refused(response, status, what):
    """The problem of a call that must be refused with `status` (its body parsed as the document's Problem)."""
    problem = expect(response, status, what)
    check(isinstance(problem, Problem) and problem.status == status, f"{what}: not a problem+json body")
    return problem


def walk(operation, what, **arguments):
    """Every item of a list, page by page: `next_cursor` given back as `cursor` until it is absent."""
    items, cursor, pages = [], UNSET, 0
    while True:
        page = expect(operation.sync_detailed(**arguments, cursor=cursor), 200, f"{what}, page {pages + 1}")
        items += page.items
        pages += 1
        if not page.next_cursor:
            return items, pages
        cursor = page.next_cursor
        check(pages < 1000, f"{what}: cursors do not end")


def read_text(operation, client, **arguments):
    """(status, Content-Type, text) of an answer in a file format: the generated request, read as text (the
    generator parses only a response's first media type, here JSON; upstream issue openapi-python-client#1248)."""
    response = client.get_httpx_client().request(**operation._get_kwargs(**arguments))
    return response.status_code, response.headers.get("content-type", ""), response.text


class Workflow:
    def __init__(self, server, admin_token):
        self.server, self.rng = server, random.Random(20261201)
        self.admin = self.client(admin_token)
        self.parts = {}  # name -> PartView as last read
        self.started = datetime.datetime.now(datetime.timezone.utc)

    def client(self, token):
        return AuthenticatedClient(base_url=self.server.base, token=token, raise_on_unexpected_status=True,
                                   timeout=httpx.Timeout(120.0))

    def dna(self, length):
        return "".join(self.rng.choice("ACGT") for _ in range(length))

    def read(self, client, name):
        """The part as `client` sees it, and its ETag."""
        response = get_part.sync_detailed(self.parts[name].accession, client=client)
        return expect(response, 200, f"GET {name}"), response.headers["etag"]

    # --- organisations, users, tokens -------------------------------------------------------------------------
    def accounts(self):
        status = expect(get_health.sync_detailed(client=Client(base_url=self.server.base)), 200, "GET /health")
        check(status.status == "ok", f"health: {status.status}")
        me = expect(get_me.sync_detailed(client=self.admin), 200, "GET /me as the CLI's admin")
        check(me.user.role == Role.ADMIN, "the CLI's token is not an admin's")

        self.orgs = {}
        for slug, kind in (("north-lab", OrganizationKind.LAB), ("south-biofoundry", OrganizationKind.COMPANY)):
            body = CreateOrganization(slug=slug, name=slug.replace("-", " ").title(), kind=kind)
            self.orgs[slug] = expect(create_organization.sync_detailed(client=self.admin, body=body), 201,
                                     f"POST organization {slug}")
        refused(create_organization.sync_detailed(client=self.admin, body=CreateOrganization(
            slug="north-lab", name="again", kind=OrganizationKind.LAB)), 409, "a taken slug")
        by_slug = expect(get_organization.sync_detailed("north-lab", client=self.admin), 200, "GET org by slug")
        check(by_slug.id == self.orgs["north-lab"].id, "GET organization by slug: another id")
        listed, pages = walk(list_organizations, "organizations", client=self.admin, limit=1)
        check({o.slug for o in listed} >= set(self.orgs) and pages >= len(listed),
              f"organizations by pages of 1: {[o.slug for o in listed]} in {pages} pages")

        self.users, self.clients = {}, {}
        for name, role, org in (("alice", Role.SUBMITTER, "north-lab"), ("bob", Role.CURATOR, "north-lab"),
                                ("carol", Role.CURATOR, "south-biofoundry"), ("dave", Role.READER, "south-biofoundry")):
            user = expect(create_user.sync_detailed(client=self.admin, body=CreateUser(
                name=name, role=role, organization=org)), 201, f"POST user {name}")
            check(user.role == role and user.organization.slug == org, f"user {name}: {user.role} {user.organization}")
            check(expect(get_user.sync_detailed(user.id, client=self.admin), 200, f"GET user {name}").name == name,
                  f"GET user {name}")
            token = expect(create_user_token.sync_detailed(user.id, client=self.admin, body=CreateToken(label="workflow")),
                           201, f"POST token for {name}")
            self.users[name], self.clients[name] = user, self.client(token.token)
            tokens, _ = walk(list_user_tokens, f"tokens of {name}", id=user.id, client=self.admin)
            check([t.id for t in tokens] == [token.id], f"tokens of {name}: {tokens}")
        listed, _ = walk(list_users, "users", client=self.admin, limit=2)
        check({u.name for u in listed} >= set(self.users), f"users: {[u.name for u in listed]}")

        alice = self.clients["alice"]
        expires = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)
        mine = expect(create_my_token.sync_detailed(client=alice, body=CreateToken(label="notebook",
                                                                                  expires_at=expires)),
                      201, "POST /me/tokens")
        notebook = self.client(mine.token)
        me = expect(get_me.sync_detailed(client=notebook), 200, "GET /me with the self-service token")
        check(me.user.name == "alice" and me.token_id == mine.id, f"GET /me: {me.user.name}, {me.token_id}")
        own, _ = walk(list_my_tokens, "my tokens", client=alice, limit=1)
        check(len(own) == 2 and mine.id in {t.id for t in own}, f"my tokens: {own}")
        expect(revoke_my_token.sync_detailed(mine.id, client=alice), 204, "DELETE /me/tokens/{id}")
        refused(get_me.sync_detailed(client=notebook), 401, "a revoked self-service token")
        spare = expect(create_user_token.sync_detailed(self.users["dave"].id, client=self.admin, body=CreateToken()), 201,
                       "POST a spare token for dave")
        expect(revoke_token.sync_detailed(spare.id, client=self.admin), 204, "DELETE /tokens/{id}")
        refused(get_me.sync_detailed(client=self.client(spare.token)), 401, "a token revoked by an admin")
        return ("2 organisations (409 on a taken slug), 4 users with tokens, lists by cursor; a self-service token "
                "works, is listed and stops working once revoked; an admin's revocation too")

    # --- parts --------------------------------------------------------------------------------------------------
    def register(self):
        alice, coli = self.clients["alice"], Host(name="Escherichia coli", taxid=562)
        pieces = (("pLac-wf", "promoter", 60, ["workflow", "sigma70"], [coli], "lac promoter, sugar inducible"),
                  ("B0034-wf", "ribosome_entry_site", 24, ["workflow"], [coli], "strong ribosome binding site"),
                  ("gfp-wf", "CDS", 720, ["workflow", "reporter"], [], "green fluorescent reporter"),
                  ("T1-wf", "terminator", 90, ["workflow"], [coli], "rrnB terminator"),
                  ("spare-wf", "CDS", 300, ["spare"], [], "a part to withdraw"))
        for name, role, length, tags, hosts, description in pieces:
            sequence = self.dna(length)
            if role == "CDS":
                sequence = "ATG" + sequence[3:-3] + "TAA"
            features = [FeatureInput(start=1, end=length, type_=role, name=name, strand=1)]
            body = PartInput(name=name, role=role, sequence=sequence, tags=tags, hosts=hosts, features=features,
                             description=description, molecule_type=MoleculeType.DNA, topology=Topology.LINEAR,
                             license_="CC-BY-4.0")
            part = expect(create_part.sync_detailed(client=alice, body=body, comment="first draft"), 201,
                          f"POST part {name}")
            check(part.sequence == sequence and part.length == length and part.role.label == role
                  and part.curation_state == CurationState.DRAFT and part.owner_org.slug == "north-lab",
                  f"part {name} as stored: {part.length} {part.role} {part.curation_state}")
            self.parts[name] = part
        gfp = self.parts["gfp-wf"]
        problem = refused(create_part.sync_detailed(client=alice, body=PartInput(
            name="gfp-again", role="CDS", sequence=gfp.sequence)), 409, "a sequence registered already")
        check(problem.existing and problem.existing.accession == gfp.accession, f"409 names {problem.existing}")

        order = ["pLac-wf", "B0034-wf", "gfp-wf", "T1-wf"]
        components = [ComponentInput(part=self.parts[n].accession) for n in order]
        components.insert(3, ComponentInput(linker="TACTAG"))
        composite = expect(create_part.sync_detailed(client=alice, body=PartInput(
            name="gfp-device-wf", role="engineered_region", components=components, tags=["workflow", "device"],
            description="constitutive green reporter device")), 201, "POST composite")
        expected = "".join(self.parts[n].sequence for n in order[:3]) + "TACTAG" + self.parts["T1-wf"].sequence
        check(composite.sequence == expected and composite.length == len(expected),
              "the composite's sequence is not its components' in order")
        check([c.part.accession if c.part else c.linker for c in composite.components]
              == [self.parts[n].accession for n in order[:3]] + ["TACTAG", self.parts["T1-wf"].accession],
              "the composite's components")
        check(composite.components[3].start == sum(self.parts[n].length for n in order[:3]) + 1,
              "the linker's position in the composite")
        self.parts["gfp-device-wf"] = composite
        used_in, _ = walk(list_part_used_in, "used in", id=self.parts["T1-wf"].accession, client=alice)
        check([p.accession for p in used_in] == [composite.accession], f"T1 used in {used_in}")
        read, etag = self.read(alice, "gfp-device-wf")
        check(etag == f'"r{read.revision}"' and read.accession == composite.accession, f"GET composite: ETag {etag}")
        return (f"5 parts and a composite of 4 of them and a linker ({composite.length} bp, sequence and coordinates "
                f"as assembled, in a component's used-in), ETag r1, 409 naming the existing part on a second copy")

    # --- GenBank import -----------------------------------------------------------------------------------------
    def import_genbank(self):
        alice = self.clients["alice"]
        with open(GENBANK_FILE, "rb") as f:
            content = f.read()
        # The import as a job: `Prefer: respond-async` answers 202 with the job at once; it is followed until it
        # ends. A retry with the same Idempotency-Key gives back the same job instead of importing twice.
        key = f"workflow-{self.rng.getrandbits(64):x}"

        def upload(**options):
            body = File(payload=io.BytesIO(content), file_name="pUC19_M77789.gb", mime_type="text/x-genbank")
            return create_import.sync_detailed(client=alice, body=body, format_=ImportFormat.GENBANK,
                                              file_name="pUC19_M77789.gb", **options)

        job = expect(upload(prefer="respond-async", idempotency_key=key), 202, "POST /imports (GenBank, as a job)")
        check(job.state in (JobState.QUEUED, JobState.RUNNING, JobState.SUCCEEDED), f"a new job: {job.state}")
        again = expect(upload(prefer="respond-async", idempotency_key=key), (200, 202), "the same upload, retried")
        # 202 (the job, still queued or running) or 200 (it has ended: the document's 200 is the report shape,
        # whose `id` is a string where the job's is a UUID).
        check(str(again.id) == str(job.id), "a retried upload with the same Idempotency-Key made a second job")
        deadline, polls = time.monotonic() + 60, 0
        while job.state in (JobState.QUEUED, JobState.RUNNING):
            check(time.monotonic() < deadline, "the import job did not end within 60 s")
            time.sleep(0.2)
            polls += 1
            job = expect(get_import.sync_detailed(job.id, client=alice), 200, "GET /imports/{id}")
        check(job.state == JobState.SUCCEEDED and job.stored and len(job.records) == 1 and not job.errors,
              f"the import job: {job.state} {job.error}")
        check(job.progress.total == 1 and job.progress.stored == 1, f"progress: {job.progress}")
        jobs = expect(list_imports.sync_detailed(client=alice, state=JobState.SUCCEEDED, limit=10), 200,
                      "GET /imports?state=succeeded")
        check(job.id in [j.id for j in jobs.items], "the job is not listed among the succeeded imports")
        accession = job.records[0].accession
        part = expect(get_part.sync_detailed(accession, client=alice), 200, "GET the imported part")
        check(part.length == 2686 and part.topology == Topology.CIRCULAR and part.role.label == "plasmid"
              and len(part.features) > 3, f"pUC19 as imported: {part.length} {part.topology} {part.role}")
        self.parts["pUC19"] = part
        dry = expect(upload(dry_run=True, allow_duplicate=True), 200, "POST /imports?dry_run=true&allow_duplicate=true")
        check(not dry.stored and dry.dry_run, "a dry run stored something")
        return f"pUC19 (M77789) imported as a job ({polls} polls, one job for two uploads with one key) as " \
               f"{accession}: 2686 bp, circular, {len(part.features)} features; listed; a dry run stores nothing"

    # --- lists --------------------------------------------------------------------------------------------------
    def lists(self):
        alice = self.clients["alice"]
        everything = {p.accession for p in self.parts.values()}
        by_name = {n: p.accession for n, p in self.parts.items()}

        def accessions(what, **filters):
            items, pages = walk(list_parts, what, client=alice, limit=2, **filters)
            found = [i.accession for i in items]
            check(len(found) == len(set(found)), f"{what}: an item on two pages")
            return found, pages

        found, pages = accessions("all parts")
        check(set(found) == everything and pages >= 4, f"all parts by pages of 2: {len(found)} in {pages} pages")
        composite, gfp = self.parts["gfp-device-wf"], self.parts["gfp-wf"]
        times = sorted(p.created_at for p in self.parts.values())
        cases = [
            ("q (a name)", dict(q="gfp-wf"), None, lambda f: f[0] == by_name["gfp-wf"]),
            ("q (words of a description)", dict(q="green reporter"), {gfp.accession, composite.accession}, None),
            ("role by label", dict(role="promoter"), {by_name["pLac-wf"]}, None),
            ("role by SO id", dict(role="SO:0000316"), {by_name["gfp-wf"], by_name["spare-wf"]}, None),
            ("molecule_type", dict(molecule_type=MoleculeType.DNA), everything, None),
            ("topology", dict(topology=Topology.CIRCULAR), {by_name["pUC19"]}, None),
            ("host_taxid", dict(host_taxid=562), {by_name[n] for n in ("pLac-wf", "B0034-wf", "T1-wf")}, None),
            ("tag", dict(tag="reporter"), {by_name["gfp-wf"]}, None),
            ("owner_org (slug)", dict(owner_org="north-lab"), everything, None),
            ("owner_org (id)", dict(owner_org=str(self.orgs["south-biofoundry"].id)), set(), None),
            ("length_min", dict(length_min=composite.length), {composite.accession, by_name["pUC19"]}, None),
            ("length_max", dict(length_max=60), {by_name["pLac-wf"], by_name["B0034-wf"]}, None),
            ("length range", dict(length_min=300, length_max=720), {gfp.accession, by_name["spare-wf"]}, None),
            # both bounds exclusive, as everywhere
            ("created_after", dict(created_after=times[-2]), {a for a, p in self._created() if p > times[-2]}, None),
            ("created_before", dict(created_before=times[1]), {a for a, p in self._created() if p < times[1]}, None),
            ("created window", dict(created_after=times[0], created_before=times[-1]),
             {a for a, p in self._created() if times[0] < p < times[-1]}, None),
            # byte order, as SQLite and a PostgreSQL database with the C collation sort (CI's)
            ("sort=name", dict(sort="name"), None, lambda f: f == [p.accession for p in
                                                               sorted(self.parts.values(), key=lambda p: p.name)]),
            ("sort=-length", dict(sort="-length"), None, lambda f: f[:2] == [by_name["pUC19"], composite.accession]),
            ("role + tag + host", dict(role="terminator", tag="workflow", host_taxid=562), {by_name["T1-wf"]}, None),
        ]
        for what, filters, wanted, ordered in cases:
            found, _ = accessions(what, **filters)
            check(wanted is None or set(found) == wanted, f"list with {what}: {found}, wanted {sorted(wanted or [])}")
            check(ordered is None or ordered(found), f"list with {what}: {found} in the wrong order")
        page = expect(list_parts.sync_detailed(client=alice, tag="reporter", include="record,sequence"), 200,
                      "list with include=record,sequence")
        item = page.items[0]
        check(item.sequence == gfp.sequence and item.additional_properties.get("features"),
              "include=record,sequence: no sequence or no whole record")
        plain = expect(list_parts.sync_detailed(client=alice, tag="reporter"), 200, "list without include").items[0]
        check(plain.sequence in (UNSET, None), "a summary carries its sequence without include=sequence")
        refused(list_parts.sync_detailed(client=alice, limit=501), 422, "limit=501")
        refused(list_parts.sync_detailed(client=alice, sort="relevance"), 422, "sort=relevance without q")
        return (f"{len(cases) + 1} filter sets, every page followed by cursor (limit=2), order of sort=name and "
                f"-length, include=record,sequence, 422 on limit=501 and relevance without q")

    def _created(self):
        return [(p.accession, p.created_at) for p in self.parts.values()]

    # --- sequence search -----------------------------------------------------------------------------------------
    def search(self):
        alice, gfp, composite = self.clients["alice"], self.parts["gfp-wf"], self.parts["gfp-device-wf"]
        query = gfp.sequence[100:160]
        results = expect(search_parts_by_sequence.sync_detailed(client=alice, body=SequenceSearchRequest(
            sequence=query, mode=SearchMode.EXACT)), 200, "exact search")
        hits = {(h.part.accession, h.start, h.strand) for h in results.hits}
        offset = self.parts["pLac-wf"].length + self.parts["B0034-wf"].length
        wanted = {(gfp.accession, 101, "forward"), (composite.accession, offset + 101, "forward")}
        check(wanted <= hits and not results.truncated, f"exact search: {sorted(hits)}")
        reverse = query[::-1].translate(COMPLEMENT)
        results = expect(search_parts_by_sequence.sync_detailed(client=alice, body=SequenceSearchRequest(
            sequence=reverse, mode=SearchMode.EXACT, strands=Strands.BOTH, filters=PartFilters(role="CDS"))),
            200, "exact search, reverse complement, role filter")
        check([(h.part.accession, h.strand) for h in results.hits] == [(gfp.accession, "reverse")],
              f"reverse-complement search with role=CDS: {[(h.part.accession, h.strand) for h in results.hits]}")
        mutated = query[:30] + ("A" if query[30] != "A" else "C") + query[31:]
        results = expect(search_parts_by_sequence.sync_detailed(client=alice, body=SequenceSearchRequest(
            sequence=mutated, mode=SearchMode.APPROXIMATE, max_differences=1, include_alignment=True)),
            200, "approximate search")
        best = [h for h in results.hits if h.part.accession == gfp.accession]
        check(best and best[0].differences == 1 and best[0].start == 101 and best[0].alignment,
              f"approximate search: {[(h.part.accession, h.differences) for h in results.hits]}")
        results = expect(search_parts_by_sequence.sync_detailed(client=alice, body=SequenceSearchRequest(
            sequence=gfp.sequence[:400], mode=SearchMode.SIMILARITY)), 200, "similarity search")
        check(gfp.accession in [h.part.accession for h in results.hits], "similarity search misses the part")
        return "exact (both parts holding it, 1-based start), reverse complement on both strands with a role " \
               "filter, approximate with 1 difference and an alignment, similarity"

    # --- exports ------------------------------------------------------------------------------------------------
    def exports(self):
        alice = self.clients["alice"]
        workflow = {p.accession: p for p in self.parts.values() if "workflow" in p.tags}
        records = expect(export_records.sync_detailed(client=alice, kind=ExportKind.PARTS, format_=Format.JSON,
                                                      tag="workflow"), 200, "export JSON")
        check({r.additional_properties["accession"] for r in records} == set(workflow), "JSON export with tag")
        files = {}
        for format_, media in ((Format.FASTA, "fasta"), (Format.GENBANK, "genbank"), (Format.SBOL3, "turtle")):
            status, content_type, text = read_text(export_records, alice, kind=ExportKind.PARTS, format_=format_,
                                                   tag="workflow")
            check(status == 200 and media in content_type, f"export {format_.value}: {status} {content_type}")
            files[format_.value] = text
        check(all(a in text for a in workflow for text in files.values()), "an export lacks an accession")
        status, _, genbank = read_text(get_part, alice, id=self.parts["pUC19"].accession, format_=Format.GENBANK)
        check(status == 200 and genbank.startswith("LOCUS"), f"GET part ?format=genbank: {status}")
        try:
            from Bio import SeqIO
        except ImportError:
            return "JSON, FASTA, GenBank, SBOL3 exports with a tag filter (every accession in each) and a part as " \
                   "GenBank (Biopython is not installed: the files were not parsed)"
        for format_ in ("fasta", "genbank"):
            parsed = {r.id.split(".")[0]: str(r.seq) for r in SeqIO.parse(io.StringIO(files[format_]), format_)}
            check(parsed == {a: p.sequence for a, p in workflow.items()}, f"{format_} export read by Biopython: "
                  f"{sorted(parsed)} vs {sorted(workflow)}")
        record = SeqIO.read(io.StringIO(genbank), "genbank")
        check(str(record.seq) == self.parts["pUC19"].sequence and record.annotations.get("topology") == "circular",
              "pUC19 as GenBank, read by Biopython")
        return "JSON, FASTA, GenBank, SBOL3 exports with a tag filter (FASTA and GenBank read by Biopython: every " \
               "accession and sequence); pUC19 as GenBank read back circular with its sequence"

    # --- curation -----------------------------------------------------------------------------------------------
    def curate(self):
        alice, bob, carol = self.clients["alice"], self.clients["bob"], self.clients["carol"]
        names = ["pLac-wf", "B0034-wf", "gfp-wf", "T1-wf", "gfp-device-wf", "spare-wf"]
        # bob (a curator of alice's lab) edits the terminator: then he may not review it (four eyes)
        _, etag = self.read(bob, "T1-wf")
        expect(update_part.sync_detailed(self.parts["T1-wf"].accession, client=bob, if_match=etag,
                                         body=UpdatePartBody.from_dict({"description": "rrnB T1 terminator"})),
               200, "PATCH by a curator")
        for name in names:
            state = expect(submit_part.sync_detailed(self.parts[name].accession, client=alice,
                                                     body=SubmitRequest(comment="ready for review")),
                           200, f"submit {name}")
            check(state.curation_state == CurationState.SUBMITTED, f"submit {name}: {state.curation_state}")
        queue, _ = walk(list_review_queue, "review queue", client=carol, limit=1)
        check({q.accession for q in queue} == {self.parts[n].accession for n in names}, f"queue: {queue}")
        refused(submit_part.sync_detailed(self.parts["gfp-wf"].accession, client=alice, body=SubmitRequest()), 409,
                "submit twice")

        def review(client, name, decision, status=200, reason=UNSET, if_match=UNSET):
            return expect(review_part.sync_detailed(self.parts[name].accession, client=client, if_match=if_match,
                                                    body=ReviewRequest(decision=decision, reason_code=reason)),
                          status, f"{decision.value} {name}")

        problem = review(alice, "pLac-wf", Decision.APPROVE, 403)
        check(problem.status == 403, "a submitter approved")
        problem = review(bob, "T1-wf", Decision.APPROVE, 403)
        check("four eyes" in problem.detail, f"four eyes: {problem.detail}")
        problem = review(bob, "gfp-device-wf", Decision.APPROVE, 409)
        check("not published" in problem.detail and all(self.parts[n].accession in problem.detail for n in names[:4]),
              f"a composite approved before its components: {problem.detail}")
        review(carol, "gfp-wf", Decision.REQUEST_CHANGES, reason=ReasonCode.MISSING_METADATA)
        _, etag = self.read(bob, "pLac-wf")
        review(bob, "pLac-wf", Decision.APPROVE, 412, if_match='"r99"')
        check(review(bob, "pLac-wf", Decision.APPROVE, if_match=etag).curation_state == CurationState.APPROVED,
              "approve with If-Match")
        review(bob, "B0034-wf", Decision.APPROVE)
        review(carol, "T1-wf", Decision.APPROVE)
        review(bob, "spare-wf", Decision.APPROVE)

        # alice answers the requested changes, resubmits; bob approves; then the composite can be published
        gfp, etag = self.read(alice, "gfp-wf")
        check(gfp.curation_state == CurationState.CHANGES_REQUESTED, f"gfp after request_changes: {gfp.curation_state}")
        refused(update_part.sync_detailed(gfp.accession, client=alice, if_match=f'"r{gfp.revision + 5}"',
                                          body=UpdatePartBody.from_dict({"description": "stale"})),
                412, "PATCH with a stale If-Match")
        changes = UpdatePartBody.from_dict({"description": "GFPmut3 reporter, 720 bp",
                                            "tags": ["workflow", "reporter", "gfp"]})
        edited = expect(update_part.sync_detailed(gfp.accession, client=alice, if_match=etag, comment="as asked",
                                                  body=changes), 200, "PATCH after request_changes")
        check(edited.revision == gfp.revision + 1 and edited.description == "GFPmut3 reporter, 720 bp", "PATCH")
        expect(submit_part.sync_detailed(gfp.accession, client=alice, body=SubmitRequest()), 200, "submit again")
        review(bob, "gfp-wf", Decision.APPROVE)
        published = review(carol, "gfp-device-wf", Decision.APPROVE)
        check(published.curation_state == CurationState.APPROVED and published.published_revision,
              "the composite once its components are published")
        reviews, _ = walk(list_part_reviews, "reviews of gfp", id=gfp.accession, client=alice, limit=2)
        check([r.action for r in reviews] == ["submit", "request_changes", "submit", "approve"],
              f"reviews of gfp: {[r.action for r in reviews]}")
        check(reviews[1].reason_code == "missing_metadata" and reviews[1].actor_id == self.users["carol"].id,
              "the request for changes: reason and curator")

        dave = self.clients["dave"]
        seen = {i.accession for i in walk(list_parts, "parts seen by a reader", client=dave, limit=3)[0]}
        check(seen == {self.parts[n].accession for n in names}, f"a reader sees {sorted(seen)}")
        refused(get_part.sync_detailed(self.parts["pUC19"].accession, client=dave), 404, "a reader reads a draft")

        # an edit of a published part is a draft again; readers keep seeing what was published
        plac, etag = self.read(alice, "pLac-wf")
        expect(update_part.sync_detailed(plac.accession, client=alice, if_match=etag,
                                         body=UpdatePartBody.from_dict({"description": "lac promoter, edited"})),
               200, "PATCH a published part")
        head, _ = self.read(alice, "pLac-wf")
        public, _ = self.read(dave, "pLac-wf")
        check(head.curation_state == CurationState.DRAFT and head.published_revision == plac.revision
              and public.description == plac.description, "an edit of a published part shows to readers")

        spare, etag = self.read(bob, "spare-wf")
        refused(withdraw_published_part.sync_detailed(spare.accession, client=alice, body=WithdrawRequest(
            reason_code=ReasonCode.SUPERSEDED)), 403, "withdraw by a submitter")
        gone = expect(withdraw_published_part.sync_detailed(spare.accession, client=bob, if_match=etag,
                                                            body=WithdrawRequest(reason_code=ReasonCode.SUPERSEDED,
                                                                                 comment="replaced by gfp-wf")),
                      200, "withdraw a published part")
        check(gone.curation_state == CurationState.WITHDRAWN, "withdraw")
        found = {i.accession for i in walk(list_parts, "live parts", client=alice, tag="spare")[0]}
        withdrawn = walk(list_parts, "withdrawn parts", client=alice, tag="spare", include_withdrawn=True)[0]
        check(not found and [i.accession for i in withdrawn] == [spare.accession], "include_withdrawn")

        puc, etag = self.read(alice, "pUC19")
        stale = f'"r{puc.revision + 5}"'
        refused(withdraw_part.sync_detailed(puc.accession, client=alice, if_match=stale), 412, "DELETE, stale If-Match")
        removed = expect(withdraw_part.sync_detailed(puc.accession, client=alice, if_match=etag), 200, "DELETE a draft")
        check(removed.status.value == "withdrawn", f"DELETE: status {removed.status}")
        return ("6 submitted and queued (cursors), 409 on a second submit, 403 for a submitter and for a curator who "
                "edited (four eyes), 409 for a composite before its parts, request_changes -> edit (412 stale, then "
                "If-Match) -> resubmit -> approve, 412/200 on review with If-Match, reviews listed, readers see only "
                "published revisions, withdraw (403 submitter, curator ok), include_withdrawn, DELETE a draft")

    # --- revisions and audit ------------------------------------------------------------------------------------
    def history(self):
        alice, gfp = self.clients["alice"], self.parts["gfp-wf"]
        revisions, _ = walk(list_part_revisions, "revisions", id=gfp.accession, client=alice, limit=1)
        numbers = [r.revision for r in revisions]
        check(sorted(numbers) == list(range(1, len(numbers) + 1)) and len(numbers) >= 2, f"revisions: {numbers}")
        first = next(r for r in revisions if r.revision == 1)
        check(first.comment == "first draft" and first.actor_id == self.users["alice"].id, "revision 1's comment")
        latest = max(numbers)
        old = expect(get_part_revision.sync_detailed(gfp.accession, 1, client=alice), 200, "GET revision 1")
        check(old.snapshot.additional_properties.get("description") == "green fluorescent reporter",
              "revision 1's snapshot")
        diff = expect(diff_part_revisions.sync_detailed(gfp.accession, 1, latest, client=alice), 200, "diff")
        changes = {c.field: c for c in diff.changes}
        check("description" in changes and changes["description"].after == "GFPmut3 reporter, 720 bp"
              and changes["description"].before == "green fluorescent reporter" and "tags" in changes,
              f"diff 1..{latest}: {sorted(changes)}")
        refused(get_part_revision.sync_detailed(gfp.accession, latest + 5, client=alice), 404, "a revision too far")

        events, _ = walk(list_audit_events, "audit of gfp", record=gfp.accession, client=self.admin, limit=2)
        actions = [e.action for e in events]
        check({"part.created", "part.edited"} <= set(actions) and all(e.record_accession == gfp.accession
                                                                        for e in events), f"audit of gfp: {actions}")
        created, _ = walk(list_audit_events, "parts created by alice", actor="alice", action="part.created",
                          created_after=self.started, client=self.admin, limit=2)
        check(len(created) == 7 and {e.actor_name for e in created} == {"alice"},
              f"part.created by alice: {len(created)}")
        moment = events[len(events) // 2].at  # both bounds exclusive (as everywhere); `from_` is the inclusive one
        after, _ = walk(list_audit_events, "audit after", record=gfp.accession, created_after=moment,
                        client=self.admin)
        at_or_after, _ = walk(list_audit_events, "audit at or after", record=gfp.accession, from_=moment,
                              client=self.admin)
        before, _ = walk(list_audit_events, "audit before", record=gfp.accession, created_before=moment,
                         client=self.admin)
        check({e.id for e in after} == {e.id for e in events if e.at > moment}
              and {e.id for e in at_or_after} == {e.id for e in events if e.at >= moment}
              and {e.id for e in before} == {e.id for e in events if e.at < moment},
              "audit created_after and created_before (exclusive), from (inclusive) at an event's time")
        future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
        none, _ = walk(list_audit_events, "audit from the future", created_after=future, client=self.admin)
        check(none == [], "audit events from the future")
        refused(list_audit_events.sync_detailed(client=self.clients["alice"]), 403, "audit log for a submitter")
        return (f"{len(numbers)} revisions by cursor with comment and actor, revision 1's snapshot, diff 1..{latest} "
                f"(description before/after, tags), audit by record ({len(actions)} events), by actor + action + "
                f"time (7 parts created), 403 for a submitter")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--database-url")
    ap.add_argument("--port", type=int, default=18604)
    a = ap.parse_args()
    started = time.monotonic()
    with Server(a.binary, a.database_url, a.port, "python-client") as server:
        backend = server.env["DATABASE_URL"].split(":")[0]
        workflow = Workflow(server, server.user("client-admin", "admin"))
        steps = [("accounts", workflow.accounts), ("parts", workflow.register), ("import", workflow.import_genbank),
                 ("lists", workflow.lists), ("search", workflow.search), ("exports", workflow.exports),
                 ("curation", workflow.curate), ("history", workflow.history)]
        for name, step in steps:
            began = time.monotonic()
            try:
                summary = step()
            except Failure as failure:
                print(f"FAILED {name} ({backend}): {failure}", flush=True)
                return 1
            except errors.UnexpectedStatus as failure:  # a status code the document does not declare
                print(f"FAILED {name} ({backend}): undeclared status {failure.status_code}: "
                      f"{failure.content[:600]!r}", flush=True)
                return 1
            print(f"ok  {name:9} {time.monotonic() - began:5.1f}s  {summary}", flush=True)
    print(f"the generated Python client's workflow passed on {backend} in {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
