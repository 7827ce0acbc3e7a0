//! Applying [`Edit`]s to a JSON incident file: through the typed model, written
//! pretty-printed in the model's field order (JSON keeps no comments to lose).

use super::Edit;
use super::toml::EditError;
use crate::model::raw::IncidentFile;

/// The JSON text of `file` with `edits` applied in order.
pub fn apply(file: &IncidentFile, edits: &[Edit]) -> Result<String, EditError> {
    let mut file = file.clone();
    for edit in edits {
        match edit {
            Edit::AddDeployment(name) => file.deployments.push(name.clone()),
            Edit::InsertEvent { index, event } => {
                file.events.insert((*index).min(file.events.len()), event.clone())
            }
            Edit::InsertUpdate { index, update } => {
                file.updates.insert((*index).min(file.updates.len()), update.clone())
            }
            Edit::PushImpact(impact) => file.impact.push(impact.clone()),
            Edit::SetImpact { index, status, start, end } => {
                let window = file
                    .impact
                    .get_mut(*index)
                    .ok_or_else(|| EditError(format!("`impact[{index}]` is not in the file")))?;
                if let Some(status) = status {
                    window.status = *status;
                }
                if start.is_some() {
                    window.start.clone_from(start);
                }
                if end.is_some() {
                    window.end.clone_from(end);
                }
            }
        }
    }
    let mut text = serde_json::to_string_pretty(&file).map_err(|e| EditError(e.to_string()))?;
    text.push('\n');
    Ok(text)
}
