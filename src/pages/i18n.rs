//! Owns the languages of the web pages: which one a visitor gets (`?lang=`, then the
//! `bioreg_lang` cookie, then `Accept-Language`; English by default) and every text the pages
//! show, in English and Simplified Chinese.
//!
//! The catalogue is a Rust table rather than Fluent/gettext files: the `messages!` macro makes
//! each key an enum variant that must carry both languages, so a missing translation or a
//! misspelt key is a compile error, not a blank on a page. Values coming from the domain
//! (curation states, reason codes, lineage relations …) are translated by [`value`]; anything it
//! does not know is shown as stored.

use actix_web::http::header::{AcceptLanguage, Header, Preference};
use actix_web::HttpRequest;

/// A language of the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// The BCP 47 tag, for `<html lang>`, `?lang=` and the cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language's own name, for the switch.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "简体中文",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }

    /// Reads a tag as sent in `?lang=`, the cookie or `Accept-Language` (`zh`, `zh-CN`,
    /// `zh-Hans`, `en-GB` …).
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next().unwrap_or("").trim().to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The visitor's first supported language in `Accept-Language`, by quality.
    pub fn from_accept_language(req: &HttpRequest) -> Option<Lang> {
        let header = AcceptLanguage::parse(req).ok()?;
        header.ranked().into_iter().find_map(|preference| match preference {
            Preference::Specific(tag) => Lang::parse(tag.as_str()),
            Preference::Any => None,
        })
    }

    pub fn t(self, message: Msg) -> &'static str {
        message.text(self)
    }
}

macro_rules! messages {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        /// Every text of the pages.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($key,)* }

        impl Msg {
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, Lang::En) => $en, (Msg::$key, Lang::Zh) => $zh,)*
                }
            }
        }
    };
}

messages! {
    SiteName => "bioreg", "bioreg";
    SiteTagline => "Registry of microbial strains and genetic parts", "微生物菌株与遗传元件登记库";
    SkipToContent => "Skip to content", "跳到正文";
    MainNavigation => "Main navigation", "主导航";
    NavSearch => "Search", "检索";
    NavSubmit => "Register", "登记";
    NavImports => "Bulk import", "批量导入";
    NavReviews => "Review queue", "审核队列";
    NavApi => "API", "API";
    SignIn => "Sign in", "登录";
    SignOut => "Sign out", "退出";
    SignedInAs => "Signed in as", "当前用户";
    Language => "Language", "语言";
    SignInTitle => "Sign in with an API token", "使用 API 令牌登录";
    SignInHelp => "Paste an API token issued to you (it starts with bioreg_). The browser keeps a session cookie, not the token; signing out ends the session.", "粘贴发给您的 API 令牌（以 bioreg_ 开头）。浏览器只保存会话 Cookie，不保存令牌；退出即结束会话。";
    Token => "API token", "API 令牌";
    SignedOut => "You are signed out.", "您已退出。";
    SignInFailed => "Sign-in failed", "登录失败";
    SignInNeeded => "Sign in to see this page.", "请登录后查看此页面。";
    ErrorTitle => "The request could not be completed", "请求未能完成";
    ErrorStatus => "Status", "状态码";
    BackHome => "Back to search", "返回检索";
    StaleForm => "Someone changed this record after you opened it. Open it again to see their change, then redo yours.", "在您打开此记录后，其他人修改了它。请重新打开记录查看其修改，然后重新操作。";
    FormExpired => "This form has expired or came from another site. Reload the page and try again.", "表单已过期或来自其他网站。请刷新页面后重试。";
    // Search
    SearchTitle => "Search the registry", "检索登记库";
    SearchParts => "Parts", "元件";
    SearchStrains => "Strains", "菌株";
    SearchSequence => "Sequence search", "序列检索";
    TextQuery => "Text: accession, name, alias or description; for strains also collection number, taxon or genotype", "文本：登记号、名称、别名或描述；菌株还可按保藏编号、分类或基因型检索";
    Filters => "Filters", "筛选";
    Role => "Role", "功能类型";
    MoleculeType => "Molecule", "分子类型";
    Topology => "Topology", "拓扑";
    Tag => "Tag", "标签";
    Tags => "Tags", "标签";
    Organisation => "Organisation", "机构";
    LengthMin => "Length at least (bp)", "最短长度（bp）";
    LengthMax => "Length at most (bp)", "最长长度（bp）";
    Any => "any", "不限";
    Search => "Search", "检索";
    Results => "Results", "结果";
    NoResults => "Nothing found.", "未找到记录。";
    NextPage => "Next page", "下一页";
    SequenceToFind => "Sequence (plain or FASTA)", "序列（纯文本或 FASTA）";
    Mode => "Mode", "模式";
    ModeExact => "exact", "精确";
    ModeApproximate => "approximate (edits)", "近似（编辑距离）";
    ModeSimilarity => "similarity (local alignment)", "相似性（局部比对）";
    MaxDifferences => "Most differences", "最多差异数";
    MinIdentity => "Least identity (0–1)", "最低一致性（0–1）";
    Strands => "Strands", "链";
    StrandsBoth => "both", "双链";
    StrandsForward => "forward", "正链";
    StrandsReverse => "reverse", "反链";
    Hits => "Hits", "命中";
    HitsTruncated => "More hits matched than are shown.", "命中数超过显示上限。";
    Identity => "Identity", "一致性";
    Differences => "Differences", "差异";
    Position => "Position", "位置";
    Strand => "Strand", "链";
    QueryLength => "query length", "查询长度";
    OrganismType => "Organism type", "生物类型";
    RiskGroup => "Risk group", "风险等级";
    TaxonId => "NCBI Taxonomy id", "NCBI 分类号";
    // Records
    Accession => "Accession", "登记号";
    Name => "Name", "名称";
    Aliases => "Aliases", "别名";
    Description => "Description", "描述";
    Length => "Length", "长度";
    GcContent => "GC content", "GC 含量";
    Seqhash => "Sequence checksum (SEGUID v2)", "序列校验和（SEGUID v2）";
    License => "Licence", "许可";
    Hosts => "Hosts", "宿主";
    References => "References", "参考文献";
    DerivedFrom => "Derived from", "来源于";
    SourceRecord => "Source", "来源";
    Owner => "Owner", "所属机构";
    CreatedBy => "Created by", "创建者";
    CreatedAt => "Created", "创建时间";
    UpdatedBy => "Last edited by", "最后编辑者";
    UpdatedAt => "Last edited", "最后编辑时间";
    Revision => "Revision", "修订版本";
    Status => "Status", "状态";
    CurationState => "Curation", "审核状态";
    PublishedRevision => "Published revision", "已发布版本";
    NotPublished => "not yet published", "尚未发布";
    Withdrawn => "Withdrawn", "已撤回";
    WithdrawalReason => "Reason for withdrawal", "撤回原因";
    DuplicateReason => "Why registered although a twin exists", "存在相同序列仍登记的原因";
    Details => "Details", "详情";
    Features => "Features", "特征";
    Map => "Map", "图谱";
    Sequence => "Sequence", "序列";
    SequenceLegend => "Highlighted: bases covered by features. Numbers are the position of each line's first base.", "高亮：被特征覆盖的碱基。行首数字为该行第一个碱基的位置。";
    SequenceTooLong => "The sequence is long; the first bases are shown. Download it for the whole.", "序列较长，仅显示开头部分。完整序列请下载。";
    FeatureType => "Type", "类型";
    Start => "Start", "起点";
    End => "End", "终点";
    Location => "Location", "位置";
    Qualifiers => "Qualifiers", "限定词";
    FromComponent => "from a component", "来自组件";
    NoFeatures => "No features.", "无特征。";
    FeaturesCut => "Only the first features are drawn and listed; download the record for all of them.", "仅绘制并列出前面的特征；完整特征请下载记录。";
    Components => "Components", "组件";
    Twins => "Twins (same sequence)", "孪生记录（序列相同）";
    UsedIn => "Used in", "被用于";
    RelatedCut => "Only the first {n} are listed here; the API lists all of them:", "此处仅列出前 {n} 项；完整列表见 API：";
    CarriedBy => "Strains carrying it", "携带该元件的菌株";
    Via => "via", "经由";
    None => "None.", "无。";
    Revisions => "Revisions", "修订历史";
    RevisionChanges => "Changes from the revision before", "相对上一版本的修改";
    Field => "Field", "字段";
    Before => "Before", "修改前";
    After => "After", "修改后";
    Comment => "Comment", "备注";
    Action => "Action", "操作";
    By => "By", "操作者";
    At => "When", "时间";
    ReviewThread => "Review thread", "审核记录";
    NoReviews => "No reviews yet.", "暂无审核记录。";
    Downloads => "Downloads", "下载";
    HitOnMap => "The search hit is drawn on the map.", "检索命中已在图谱上标出。";
    // Workflow
    SubmitForReview => "Submit for review", "提交审核";
    SubmitHelp => "A curator from another account reviews it; it is locked while under review.", "将由其他账号的审核员审核；审核期间记录被锁定。";
    EditRecord => "Edit", "编辑";
    EditHelp => "Your edit becomes a new revision. Separate several values with commas.", "修改将成为新的修订版本。多个值用逗号分隔。";
    SaveChanges => "Save changes", "保存修改";
    Review => "Review", "审核";
    Decision => "Decision", "决定";
    DecisionApprove => "approve", "批准";
    DecisionRequestChanges => "request changes", "要求修改";
    DecisionReject => "reject", "拒绝";
    ReasonCode => "Reason", "原因";
    ReasonRequired => "required unless approving", "批准以外的决定必填";
    SendReview => "Record decision", "提交审核决定";
    FourEyes => "You created or last edited this record, so another curator must review it (four eyes).", "您创建或最后编辑了此记录，须由另一位审核员审核（四眼原则）。";
    Withdraw => "Withdraw", "撤回";
    WithdrawHelp => "Withdrawn records stay readable, marked withdrawn, and leave lists and duplicate checks.", "撤回的记录仍可查看（标记为已撤回），但不再出现在列表和重复检查中。";
    AddSample => "Add a sample", "添加样品";
    DoneSampleAdded => "Sample added.", "样品已添加。";
    DoneSubmitted => "Submitted for review.", "已提交审核。";
    DoneReviewed => "Decision recorded.", "审核决定已记录。";
    DoneSaved => "Saved as a new revision.", "已保存为新修订版本。";
    DoneRegistered => "Registered.", "已登记。";
    DoneWithdrawn => "Withdrawn.", "已撤回。";
    // Strains
    Taxon => "Taxon", "分类";
    CollectionNumbers => "Other collection numbers", "其他保藏编号";
    TypeStrain => "Type strain", "模式菌株";
    Genotype => "Genotype", "基因型";
    Phenotype => "Phenotype", "表型";
    Gmo => "Genetically modified", "转基因";
    BiosafetyLevel => "Biosafety level", "生物安全等级";
    GrowthMedia => "Growth media", "培养基";
    GrowthTemperature => "Growth temperature", "培养温度";
    IsolatedFrom => "Isolated from", "分离来源";
    GeographicOrigin => "Geographic origin", "地理来源";
    DepositHistory => "History of deposit", "保藏历史";
    Depositor => "Depositor", "保藏人";
    MissingForSubmission => "Still missing before it may be submitted", "提交前仍缺少";
    Lineage => "Lineage", "谱系";
    LineageHelp => "Ancestors above, descendants below; each arrow names how the strain was derived.", "上方为祖先，下方为后代；箭头标明菌株的衍生方式。";
    LineageCut => "{n} more strains are in the lists below: the graph draws at most {per} per generation.", "另有 {n} 个菌株见下方列表：图中每代最多显示 {per} 个。";
    Parents => "Parents", "亲本";
    InfrasubspecificNames => "Infrasubspecific names", "亚种下名称";
    MutantInfo => "Mutant information", "突变信息";
    GmoConstruction => "GMO construction", "转基因构建";
    GenomeAccessions => "Genome accessions", "基因组登录号";
    RestrictionsOnUse => "Restrictions on use", "使用限制";
    NagoyaProtocol => "Nagoya protocol", "名古屋议定书";
    MtaRequired => "Material transfer agreement required", "需要材料转让协议";
    DualUse => "Dual use", "两用";
    Quarantine => "Quarantine", "检疫";
    Atmosphere => "Atmosphere", "培养气体";
    FormsOfSupply => "Forms of supply", "供应形式";
    IsolationDate => "Isolation date", "分离日期";
    IsolatedBy => "Isolated by", "分离人";
    CollectedBy => "Collected by", "采集人";
    DepositDate => "Deposit date", "保藏日期";
    MirriFields => "Needed before review (MIRRI-IS)", "提交审核前必填（MIRRI-IS）";
    Country => "Country of origin (ISO code)", "来源国家（ISO 代码）";
    GenbankHeader => "GenBank header", "GenBank 头信息";
    Provenance => "Provenance of each field", "各字段来源";
    AssertedBy => "Asserted by", "声明人";
    Descendants => "Descendants", "后代";
    CarriedParts => "Carried parts and plasmids", "携带的元件与质粒";
    Relation => "Relation", "关系";
    CopyNumber => "Copies", "拷贝数";
    Notes => "Notes", "备注";
    Samples => "Samples", "样品";
    Site => "Site", "地点";
    Freezer => "Freezer", "冰箱";
    Rack => "Rack", "架";
    BoxLabel => "Box", "盒";
    Slot => "Position", "孔位";
    Preservation => "Preservation", "保存方式";
    Quantity => "Quantity", "数量";
    PreparedAt => "Prepared", "制备时间";
    // Review queue
    ReviewQueueTitle => "Review queue", "审核队列";
    ReviewQueueHelp => "Submitted records, oldest first. Open one to review it.", "已提交的记录，按提交时间排序。打开记录进行审核。";
    Kind => "Kind", "类别";
    KindPart => "part", "元件";
    KindStrain => "strain", "菌株";
    SubmittedAt => "Submitted", "提交时间";
    QueueEmpty => "Nothing is waiting for review.", "没有待审核的记录。";
    CuratorsOnly => "Only curators see the review queue.", "只有审核员可以查看审核队列。";
    ImportFilter => "Import (its id)", "导入批次（编号）";
    QueueCounts => "Waiting per organisation", "各机构待审核数量";
    SelectRecord => "Select", "选择";
    BatchTitle => "Decide on several records at once", "批量审核";
    BatchHelp => "Tick records, or filter the queue by an import and decide on all of it. Each record gets its own review entry, as if reviewed alone; records you created or last edited are refused and listed.", "勾选记录，或按导入批次筛选队列后对整批记录作出决定。每条记录都会得到各自的审核条目，与单独审核相同；您创建或最后编辑的记录将被拒绝处理并列出。";
    DecideSelected => "Decide on the ticked records", "对勾选的记录作出决定";
    DecideImport => "Decide on every submitted record of this import", "对该导入批次的全部已提交记录作出决定";
    NothingSelected => "Tick at least one record, or filter the queue by an import.", "请至少勾选一条记录，或按导入批次筛选队列。";
    BatchResultTitle => "Batch decision", "批量审核结果";
    BatchDone => "Decided", "已决定";
    BatchRefused => "Refused", "拒绝处理";
    BatchSkipped => "Skipped", "已跳过";
    BatchRemaining => "Not reached (repeat to go on)", "未处理（再次提交以继续）";
    BatchReason => "Why", "原因";
    BackToQueue => "Back to the review queue", "返回审核队列";
    WhyFourEyes => "four eyes: you created or last edited it", "四眼原则：您创建或最后编辑了该记录";
    WhyUnpublishedReferences => "refers to unpublished records", "引用了尚未发布的记录";
    WhyOtherOrganization => "belongs to another organisation", "属于其他机构";
    WhyMissingFields => "MIRRI-IS fields missing", "缺少 MIRRI-IS 必填字段";
    WhyNotSubmitted => "not submitted", "未处于已提交状态";
    WhyNotAllowed => "not allowed from its state", "当前状态不允许此操作";
    WhyNotFound => "not found", "未找到";
    // Submit
    SubmitTitle => "Register a record", "登记记录";
    RegisterPart => "Register a part", "登记元件";
    RegisterPartForm => "Fill in the fields", "填写字段";
    RegisterPartFile => "Or paste or upload a GenBank or FASTA file", "或粘贴、上传 GenBank 或 FASTA 文件";
    RegisterStrain => "Register a strain", "登记菌株";
    FileContent => "File content", "文件内容";
    UploadFile => "File", "文件";
    FileFormat => "Format", "格式";
    FormatFromFile => "from the file name or content", "根据文件名或内容判断";
    RoleDefault => "Role (for records that do not say)", "功能类型（文件未注明时使用）";
    Register => "Register", "登记";
    RequiredField => "required", "必填";
    ProblemsFound => "Please correct the following", "请更正以下问题";
    ParentStrain => "Parent strain (accession)", "亲本菌株（登记号）";
    ParentRelation => "How it was derived", "衍生方式";
    CarriedPart => "Carried part (accession)", "携带的元件（登记号）";
    CarriedRelation => "How it is carried", "携带方式";
    TaxonName => "Taxon name", "分类名称";
    SignInToSubmit => "Sign in to register records.", "请登录后登记记录。";
    // Imports
    ImportsTitle => "Bulk import", "批量导入";
    ImportsHelp => "Check a file first: the dry run shows what each record would become and stores nothing. Then confirm to store every record, or none if any has a problem.", "先检查文件：试运行显示每条记录的结果，但不保存。确认后全部保存；若有任何问题则全部不保存。";
    ImportKind => "Records", "记录类型";
    DryRun => "Check (dry run)", "检查（试运行）";
    ConfirmImport => "Import these records", "导入这些记录";
    ImportReport => "Import report", "导入报告";
    ImportStored => "Stored.", "已保存。";
    ImportNotStored => "Nothing was stored.", "未保存任何记录。";
    Record => "Record", "记录";
    Line => "Line", "行";
    Outcome => "Outcome", "结果";
    Problems => "Problems", "问题";
    Warnings => "Warnings", "警告";
    ImportTooLarge => "Files this large are imported with the CLI or the API.", "此大小的文件请使用命令行或 API 导入。";
    WouldCreate => "would be registered", "将被登记";
    Created => "registered", "已登记";
    Invalid => "has problems", "有问题";
    // Curation states and decisions
    StateDraft => "draft", "草稿";
    StateSubmitted => "submitted", "已提交";
    StateApproved => "approved", "已批准";
    StateChangesRequested => "changes requested", "需修改";
    StateRejected => "rejected", "已拒绝";
    StateWithdrawn => "withdrawn", "已撤回";
    ActionSubmit => "submitted", "提交";
    ActionApprove => "approved", "批准";
    ActionRequestChanges => "requested changes", "要求修改";
    ActionReject => "rejected", "拒绝";
    ActionWithdraw => "withdrew", "撤回";
    ReasonSequenceMismatch => "sequence mismatch", "序列不符";
    ReasonMissingMetadata => "missing metadata", "缺少元数据";
    ReasonBiosafetyConcern => "biosafety concern", "生物安全问题";
    ReasonDuplicate => "duplicate", "重复";
    ReasonOutOfScope => "out of scope", "超出范围";
    ReasonLicenseIssue => "licence issue", "许可问题";
    ReasonSuperseded => "superseded", "已被取代";
    ReasonOther => "other", "其他";
    RelTransformation => "transformation", "转化";
    RelMutagenesis => "mutagenesis", "诱变";
    RelGeneKnockout => "gene knockout", "基因敲除";
    RelGeneKnockin => "gene knock-in", "基因敲入";
    RelAdaptiveEvolution => "adaptive evolution", "适应性进化";
    RelConjugation => "conjugation", "接合";
    RelCross => "cross", "杂交";
    RelReisolation => "re-isolation", "再分离";
    RelDepositTransfer => "deposit transfer", "保藏转移";
    RelOther => "other", "其他";
    RelPlasmid => "plasmid", "质粒";
    RelChromosomalIntegration => "chromosomal integration", "染色体整合";
    OrgBacteria => "bacteria", "细菌";
    OrgArchaea => "archaea", "古菌";
    OrgFungi => "fungi", "真菌";
    OrgYeast => "yeast", "酵母";
    OrgAlgae => "algae", "藻类";
    OrgProtist => "protist", "原生生物";
    Circular => "circular", "环状";
    Linear => "linear", "线状";
    Yes => "yes", "是";
    No => "no", "否";
}

/// A stored value (state, decision, reason, relation, type …) in the visitor's language; unknown
/// values are shown as stored.
pub fn value(lang: Lang, stored: &str) -> String {
    let message = match stored {
        "draft" => Msg::StateDraft,
        "submitted" => Msg::StateSubmitted,
        "approved" => Msg::StateApproved,
        "changes_requested" => Msg::StateChangesRequested,
        "rejected" => Msg::StateRejected,
        "withdrawn" => Msg::StateWithdrawn,
        "sequence_mismatch" => Msg::ReasonSequenceMismatch,
        "missing_metadata" => Msg::ReasonMissingMetadata,
        "biosafety_concern" => Msg::ReasonBiosafetyConcern,
        "duplicate" => Msg::ReasonDuplicate,
        "out_of_scope" => Msg::ReasonOutOfScope,
        "license_issue" => Msg::ReasonLicenseIssue,
        "superseded" => Msg::ReasonSuperseded,
        "other" => Msg::ReasonOther,
        "four_eyes" => Msg::WhyFourEyes,
        "unpublished_references" => Msg::WhyUnpublishedReferences,
        "other_organization" => Msg::WhyOtherOrganization,
        "missing_fields" => Msg::WhyMissingFields,
        "not_submitted" => Msg::WhyNotSubmitted,
        "not_allowed" => Msg::WhyNotAllowed,
        "not_found" => Msg::WhyNotFound,
        "transformation" => Msg::RelTransformation,
        "mutagenesis" => Msg::RelMutagenesis,
        "gene_knockout" => Msg::RelGeneKnockout,
        "gene_knockin" => Msg::RelGeneKnockin,
        "adaptive_evolution" => Msg::RelAdaptiveEvolution,
        "conjugation" => Msg::RelConjugation,
        "cross" => Msg::RelCross,
        "reisolation" => Msg::RelReisolation,
        "deposit_transfer" => Msg::RelDepositTransfer,
        "plasmid" => Msg::RelPlasmid,
        "chromosomal_integration" => Msg::RelChromosomalIntegration,
        "bacteria" => Msg::OrgBacteria,
        "archaea" => Msg::OrgArchaea,
        "fungi" => Msg::OrgFungi,
        "yeast" => Msg::OrgYeast,
        "algae" => Msg::OrgAlgae,
        "protist" => Msg::OrgProtist,
        "circular" => Msg::Circular,
        "linear" => Msg::Linear,
        "part" => Msg::KindPart,
        "strain" => Msg::KindStrain,
        "exact" => Msg::ModeExact,
        "approximate" => Msg::ModeApproximate,
        "similarity" => Msg::ModeSimilarity,
        "forward" => Msg::StrandsForward,
        "reverse" => Msg::StrandsReverse,
        "both" => Msg::StrandsBoth,
        _ => return stored.to_string(),
    };
    message.text(lang).to_string()
}

/// A review action as a past-tense verb ("approved", "requested changes").
pub fn review_action(lang: Lang, action: &str) -> String {
    let message = match action {
        "submit" => Msg::ActionSubmit,
        "approve" => Msg::ActionApprove,
        "request_changes" => Msg::ActionRequestChanges,
        "reject" => Msg::ActionReject,
        "withdraw" => Msg::ActionWithdraw,
        _ => return action.to_string(),
    };
    message.text(lang).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn accept_language_picks_the_first_supported_language_by_quality() {
        let req = TestRequest::default()
            .insert_header(("Accept-Language", "fr-FR, zh-CN;q=0.9, en;q=0.8"))
            .to_http_request();
        assert_eq!(Lang::from_accept_language(&req), Some(Lang::Zh));
        let req = TestRequest::default()
            .insert_header(("Accept-Language", "de, en-GB;q=0.5, zh;q=0.4"))
            .to_http_request();
        assert_eq!(Lang::from_accept_language(&req), Some(Lang::En));
        let req = TestRequest::default()
            .insert_header(("Accept-Language", "fr"))
            .to_http_request();
        assert_eq!(Lang::from_accept_language(&req), None);
    }

    #[test]
    fn tags_parse_by_primary_language() {
        assert_eq!(Lang::parse("zh-Hans"), Some(Lang::Zh));
        assert_eq!(Lang::parse("zh_TW"), Some(Lang::Zh));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("ja"), None);
        assert_eq!(value(Lang::Zh, "changes_requested"), "需修改");
        assert_eq!(value(Lang::En, "something_new"), "something_new");
    }
}
