//! The directory's calls: the list, adding and editing, consultations and the
//! spreadsheet import, and the settings dialog's (the consultation limit with the
//! referral chase waits), each a request with the reply it expects.

use super::{Client, unexpected};
use crate::domain::OrganisationId;
use crate::service::api::{AdminRequest, DirectoryRequest, Reply};
use crate::service::views::{DirectoryFilter, DirectoryRow};
use crate::service::{ConsultationLogged, LogConsultation, NewOrganisation, Result, WorkSettings};

impl Client {
    /// Consultations in 90 days after which logging another warns, as it is now.
    pub fn consultation_limit(&self) -> Result<u32> {
        expect!(self, DirectoryRequest::ConsultationLimit, Reply::ConsultationLimit(n) => n)
    }

    /// Reads the directory into the copy the sessions share (the screen then opens
    /// at once).
    pub fn warm_directory(&self) -> Result<()> {
        expect!(self, crate::service::api::UpkeepRequest::WarmDirectory, Reply::Done => ())
    }

    /// The consultation limit and the referral chase waits (administrators).
    pub fn work_settings(&self) -> Result<WorkSettings> {
        expect!(self, AdminRequest::WorkSettings, Reply::WorkSettings(s) => *s)
    }

    /// Sets them, checked and audited as one change (administrators).
    pub fn set_work_settings(&self, settings: WorkSettings) -> Result<()> {
        let request = AdminRequest::SetWorkSettings(Box::new(settings));
        expect!(self, request, Reply::Done => ())
    }

    /// Every organisation the filter keeps, by name.
    pub fn directory(&self, filter: &DirectoryFilter) -> Result<Vec<DirectoryRow>> {
        expect!(self, DirectoryRequest::List(filter.clone()), Reply::Directory(rows) => rows)
    }

    pub fn add_organisation(&self, org: NewOrganisation) -> Result<OrganisationId> {
        let request = DirectoryRequest::Add(Box::new(org));
        expect!(self, request, Reply::OrganisationAdded(id) => id)
    }

    /// Replaces an entry as it is now (see [`crate::service::Edit`]).
    pub fn edit_organisation(&self, id: OrganisationId, org: NewOrganisation) -> Result<()> {
        self.change_organisation(id, crate::service::Edit::as_it_is(org))
    }

    /// Changes an entry from a form filled with `edit.read`.
    pub fn change_organisation(
        &self,
        id: OrganisationId,
        edit: crate::service::Edit<NewOrganisation>,
    ) -> Result<()> {
        let request = DirectoryRequest::Edit(id, Box::new(edit));
        expect!(self, request, Reply::Done => ())
    }

    /// Logs a consultation, or says the group is overloaded and logs nothing (unless
    /// `despite_warning`).
    pub fn log_consultation(&self, req: LogConsultation) -> Result<ConsultationLogged> {
        expect!(self, DirectoryRequest::LogConsultation(req), Reply::Consulted(c) => c)
    }

    /// Loads a spreadsheet of groups (CSV), whole or not at all: how many were added.
    pub fn import_directory_csv(&self, bytes: Vec<u8>) -> Result<usize> {
        expect!(self, DirectoryRequest::ImportCsv(bytes), Reply::DirectoryImported(n) => n)
    }

    pub fn set_consultation_limit(&self, limit: u32) -> Result<()> {
        expect!(self, DirectoryRequest::SetConsultationLimit(limit), Reply::Done => ())
    }
}
