//! The directory's requests, each to the call that carries it out.

use super::{DirectoryRequest, Reply};
use crate::service::{Caseline, Result};

impl Caseline {
    pub(super) fn directory_request(&self, request: DirectoryRequest) -> Result<Reply> {
        use DirectoryRequest as R;
        Ok(match request {
            R::List(filter) => Reply::Directory(self.directory(&filter)?),
            R::ConsultationLimit => Reply::ConsultationLimit(self.consultation_limit()?),
            R::Add(org) => Reply::OrganisationAdded(self.add_organisation(*org)?),
            R::Edit(id, edit) => self.change_organisation(id, *edit).map(|()| Reply::Done)?,
            R::LogConsultation(req) => Reply::Consulted(self.log_consultation(req)?),
            R::ImportCsv(bytes) => Reply::DirectoryImported(self.import_directory_csv(&bytes)?),
            R::SetConsultationLimit(n) => self.set_consultation_limit(n).map(|()| Reply::Done)?,
        })
    }
}
