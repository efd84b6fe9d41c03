"""Contains all the data models used in inputs/outputs"""

from .alignment_view import AlignmentView
from .audit_event_view import AuditEventView
from .audit_event_view_details import AuditEventViewDetails
from .audit_page import AuditPage
from .b_tree_map import BTreeMap
from .b_tree_map_additional_property import BTreeMapAdditionalProperty
from .batch_counts import BatchCounts
from .batch_note import BatchNote
from .batch_outcome import BatchOutcome
from .batch_record import BatchRecord
from .batch_review_request import BatchReviewRequest
from .carried_part_input import CarriedPartInput
from .carried_part_view import CarriedPartView
from .carried_relation import CarriedRelation
from .carrier import Carrier
from .carrier_page import CarrierPage
from .collection_number_view import CollectionNumberView
from .component_input import ComponentInput
from .component_view import ComponentView
from .create_organization import CreateOrganization
from .create_token import CreateToken
from .create_user import CreateUser
from .curation_state import CurationState
from .curation_view import CurationView
from .decision import Decision
from .deposit_step import DepositStep
from .direction import Direction
from .duplicates_switch import DuplicatesSwitch
from .edge import Edge
from .existing_record import ExistingRecord
from .export_kind import ExportKind
from .export_records_response_200_item import ExportRecordsResponse200Item
from .feature_input import FeatureInput
from .feature_input_qualifiers import FeatureInputQualifiers
from .feature_view import FeatureView
from .feature_view_qualifiers import FeatureViewQualifiers
from .field_change import FieldChange
from .field_error import FieldError
from .form_of_supply import FormOfSupply
from .format_ import Format
from .genbank_header import GenbankHeader
from .geographic_origin import GeographicOrigin
from .health_view import HealthView
from .host import Host
from .import_error import ImportError_
from .import_form import ImportForm
from .import_format import ImportFormat
from .import_job import ImportJob
from .import_job_summary import ImportJobSummary
from .import_kind import ImportKind
from .import_page import ImportPage
from .import_progress import ImportProgress
from .import_report import ImportReport
from .imported_record import ImportedRecord
from .index_load import IndexLoad
from .index_readiness import IndexReadiness
from .index_source import IndexSource
from .job_state import JobState
from .lineage import Lineage
from .lineage_node import LineageNode
from .lineage_relation import LineageRelation
from .location import Location
from .me_view import MeView
from .molecule_type import MoleculeType
from .nagoya_protocol import NagoyaProtocol
from .new_token_view import NewTokenView
from .organism_type import OrganismType
from .organization_kind import OrganizationKind
from .organization_page import OrganizationPage
from .organization_ref import OrganizationRef
from .organization_view import OrganizationView
from .orientation import Orientation
from .parent_input import ParentInput
from .parent_view import ParentView
from .part_filters import PartFilters
from .part_input import PartInput
from .part_input_provenance import PartInputProvenance
from .part_page import PartPage
from .part_ref import PartRef
from .part_summary import PartSummary
from .part_view import PartView
from .problem import Problem
from .problem_report_type_0 import ProblemReportType0
from .queue_count import QueueCount
from .queue_counts import QueueCounts
from .queue_item import QueueItem
from .queue_kind import QueueKind
from .queue_page import QueuePage
from .ready_view import ReadyView
from .reason_code import ReasonCode
from .record_status import RecordStatus
from .reference import Reference
from .restrictions_on_use import RestrictionsOnUse
from .review_page import ReviewPage
from .review_request import ReviewRequest
from .review_view import ReviewView
from .revision_diff import RevisionDiff
from .revision_page import RevisionPage
from .revision_summary import RevisionSummary
from .revision_view import RevisionView
from .revision_view_snapshot import RevisionViewSnapshot
from .role import Role
from .sample_input import SampleInput
from .sample_page import SamplePage
from .sample_view import SampleView
from .search_mode import SearchMode
from .sequence_hit import SequenceHit
from .sequence_search_request import SequenceSearchRequest
from .sequence_search_results import SequenceSearchResults
from .so_term import SoTerm
from .source import Source
from .strain_details import StrainDetails
from .strain_format import StrainFormat
from .strain_input import StrainInput
from .strain_input_provenance import StrainInputProvenance
from .strain_page import StrainPage
from .strain_ref import StrainRef
from .strain_summary import StrainSummary
from .strain_view import StrainView
from .strands import Strands
from .submit_import_request import SubmitImportRequest
from .submit_request import SubmitRequest
from .taxon import Taxon
from .taxon_input import TaxonInput
from .temperature import Temperature
from .term_page import TermPage
from .token_page import TokenPage
from .token_view import TokenView
from .topology import Topology
from .truncated_by import TruncatedBy
from .update_part_body import UpdatePartBody
from .update_strain_body import UpdateStrainBody
from .user_page import UserPage
from .user_ref import UserRef
from .user_view import UserView
from .withdraw_request import WithdrawRequest

__all__ = (
    "AlignmentView",
    "AuditEventView",
    "AuditEventViewDetails",
    "AuditPage",
    "BatchCounts",
    "BatchNote",
    "BatchOutcome",
    "BatchRecord",
    "BatchReviewRequest",
    "BTreeMap",
    "BTreeMapAdditionalProperty",
    "CarriedPartInput",
    "CarriedPartView",
    "CarriedRelation",
    "Carrier",
    "CarrierPage",
    "CollectionNumberView",
    "ComponentInput",
    "ComponentView",
    "CreateOrganization",
    "CreateToken",
    "CreateUser",
    "CurationState",
    "CurationView",
    "Decision",
    "DepositStep",
    "Direction",
    "DuplicatesSwitch",
    "Edge",
    "ExistingRecord",
    "ExportKind",
    "ExportRecordsResponse200Item",
    "FeatureInput",
    "FeatureInputQualifiers",
    "FeatureView",
    "FeatureViewQualifiers",
    "FieldChange",
    "FieldError",
    "Format",
    "FormOfSupply",
    "GenbankHeader",
    "GeographicOrigin",
    "HealthView",
    "Host",
    "ImportedRecord",
    "ImportError_",
    "ImportForm",
    "ImportFormat",
    "ImportJob",
    "ImportJobSummary",
    "ImportKind",
    "ImportPage",
    "ImportProgress",
    "ImportReport",
    "IndexLoad",
    "IndexReadiness",
    "IndexSource",
    "JobState",
    "Lineage",
    "LineageNode",
    "LineageRelation",
    "Location",
    "MeView",
    "MoleculeType",
    "NagoyaProtocol",
    "NewTokenView",
    "OrganismType",
    "OrganizationKind",
    "OrganizationPage",
    "OrganizationRef",
    "OrganizationView",
    "Orientation",
    "ParentInput",
    "ParentView",
    "PartFilters",
    "PartInput",
    "PartInputProvenance",
    "PartPage",
    "PartRef",
    "PartSummary",
    "PartView",
    "Problem",
    "ProblemReportType0",
    "QueueCount",
    "QueueCounts",
    "QueueItem",
    "QueueKind",
    "QueuePage",
    "ReadyView",
    "ReasonCode",
    "RecordStatus",
    "Reference",
    "RestrictionsOnUse",
    "ReviewPage",
    "ReviewRequest",
    "ReviewView",
    "RevisionDiff",
    "RevisionPage",
    "RevisionSummary",
    "RevisionView",
    "RevisionViewSnapshot",
    "Role",
    "SampleInput",
    "SamplePage",
    "SampleView",
    "SearchMode",
    "SequenceHit",
    "SequenceSearchRequest",
    "SequenceSearchResults",
    "SoTerm",
    "Source",
    "StrainDetails",
    "StrainFormat",
    "StrainInput",
    "StrainInputProvenance",
    "StrainPage",
    "StrainRef",
    "StrainSummary",
    "StrainView",
    "Strands",
    "SubmitImportRequest",
    "SubmitRequest",
    "Taxon",
    "TaxonInput",
    "Temperature",
    "TermPage",
    "TokenPage",
    "TokenView",
    "Topology",
    "TruncatedBy",
    "UpdatePartBody",
    "UpdateStrainBody",
    "UserPage",
    "UserRef",
    "UserView",
    "WithdrawRequest",
)
